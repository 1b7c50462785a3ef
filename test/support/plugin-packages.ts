import { cp, mkdtemp, readFile, writeFile, mkdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { packPlugin, type PackedPlugin } from '@docpal/plugin-sdk/build'

export const EXAMPLE_RATING = fileURLToPath(new URL('../../examples/field-rating/', import.meta.url))

/** A copy of the example plugin with its manifest and sources changed, packed to a tarball. */
export async function packVariant(change: { manifest?: Record<string, unknown>; server?: (src: string) => string; files?: Record<string, string> } = {}): Promise<PackedPlugin> {
  const dir = await mkdtemp(join(tmpdir(), 'docpal-variant-'))
  await cp(join(EXAMPLE_RATING, 'src'), join(dir, 'src'), { recursive: true })
  const pkg = JSON.parse(await readFile(join(EXAMPLE_RATING, 'package.json'), 'utf8')) as { docpal: Record<string, unknown> }
  pkg.docpal = { ...pkg.docpal, ...change.manifest }
  await writeFile(join(dir, 'package.json'), JSON.stringify(pkg, null, 2))
  if (change.server) await writeFile(join(dir, 'src/server.ts'), change.server(await readFile(join(dir, 'src/server.ts'), 'utf8')))
  for (const [name, text] of Object.entries(change.files ?? {})) {
    await mkdir(join(dir, name, '..'), { recursive: true })
    await writeFile(join(dir, name), text)
  }
  return packPlugin(dir, { outDir: join(dir, 'out') })
}

export { rawTarGz } from './raw-tar.ts'
