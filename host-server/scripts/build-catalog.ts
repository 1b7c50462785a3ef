/**
 * Builds the catalog shipped with DocPal (host-server/catalog): a tarball of every first-party
 * plugin and of examples/field-rating, and index.json listing them with download path and sha256.
 * Packing is deterministic, so running this on unchanged sources changes nothing; a test checks
 * that the shipped files match their sources. Run: `pnpm catalog`.
 */
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { packPlugin } from '@docpal/plugin-sdk/build'
import type { Catalog } from '../src/catalog/catalog-schema.ts'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const OUT = join(ROOT, 'host-server', 'catalog')
const ICONS: Record<string, string> = { field: '🔤', view: '🗂️', widget: '📊', workflow: '⚙️', storage: '🗄️', integration: '🔌', other: '🧩' }

export async function pluginFolders(): Promise<string[]> {
  const dirs: string[] = []
  for (const parent of ['plugins', 'examples']) {
    for (const name of (await readdir(join(ROOT, parent))).sort()) {
      const dir = join(ROOT, parent, name)
      if (existsSync(join(dir, 'package.json')) && 'docpal' in JSON.parse(await readFile(join(dir, 'package.json'), 'utf8'))) dirs.push(dir)
    }
  }
  return dirs
}

export async function buildCatalog(outDir = OUT): Promise<Catalog> {
  await rm(join(outDir, 'packages'), { recursive: true, force: true })
  await mkdir(join(outDir, 'packages'), { recursive: true })
  const plugins: Catalog['plugins'] = []
  for (const dir of await pluginFolders()) {
    const packed = await packPlugin(dir, { outDir: join(outDir, 'packages') })
    const m = packed.manifest
    plugins.push({
      id: m.id,
      name: m.name,
      description: m.description,
      ...(m.translations ? { translations: m.translations } : {}),
      category: m.category,
      icon: m.icon ?? ICONS[m.category] ?? '🧩',
      versions: [{ version: m.version, kernel: m.kernel, downloadUrl: `packages/${m.id}-${m.version}.tgz`, sha256: packed.sha256 }],
    })
  }
  const catalog: Catalog = { name: 'DocPal plugins', plugins }
  await writeFile(join(outDir, 'index.json'), JSON.stringify(catalog, null, 2) + '\n')
  return catalog
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const c = await buildCatalog()
  console.log(`catalog: ${c.plugins.length} plugins in ${OUT}`)
}
