import { cp, mkdtemp, readFile, writeFile, mkdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
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

/** A tar.gz written byte by byte, so a test can pack what no honest tool would (`../` paths, links). */
export function rawTarGz(entries: Array<{ name: string; data?: string; type?: '0' | '2' | '5'; link?: string }>): Buffer {
  const blocks: Buffer[] = []
  for (const e of entries) {
    const data = Buffer.from(e.data ?? '')
    const h = Buffer.alloc(512)
    h.write(e.name, 0, 100)
    h.write('0000644\0', 100)
    h.write('0000000\0', 108)
    h.write('0000000\0', 116)
    h.write(data.length.toString(8).padStart(11, '0') + '\0', 124)
    h.write('00000000000\0', 136)
    h.write('        ', 148)
    h.write(e.type ?? '0', 156)
    if (e.link) h.write(e.link, 157, 100)
    h.write('ustar\0', 257)
    h.write('00', 263)
    let sum = 0
    for (const b of h) sum += b
    h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148)
    blocks.push(h, data, Buffer.alloc((512 - (data.length % 512)) % 512))
  }
  blocks.push(Buffer.alloc(1024))
  return gzipSync(Buffer.concat(blocks))
}
