import { readdir, readFile, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { brotliCompress, constants, gzip } from 'node:zlib'

const br = promisify(brotliCompress)
const gz = promisify(gzip)
// Not html: the server writes the page per request (plugin list, preloads) and compresses it then.
const COMPRESSIBLE = /\.(js|mjs|css|svg|json|txt|map)$/
// Below this, the encoding's framing costs about what it saves.
const MIN_BYTES = 1024

/**
 * Writes `<file>.br` (brotli, quality 11) and `<file>.gz` (gzip -9) beside each text asset of a
 * build, once, so the server picks one by the request's Accept-Encoding (@fastify/static's
 * `preCompressed`) instead of compressing the same bytes at every request.
 */
export async function precompress(dir: string): Promise<{ files: number; bytes: number; brotliBytes: number }> {
  const out = { files: 0, bytes: 0, brotliBytes: 0 }
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!e.isFile() || !COMPRESSIBLE.test(e.name)) continue
    const file = join(e.parentPath, e.name)
    if ((await stat(file)).size < MIN_BYTES) continue
    const data = await readFile(file)
    const b = await br(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.length } })
    await writeFile(`${file}.br`, b)
    await writeFile(`${file}.gz`, await gz(data, { level: 9 }))
    out.files++
    out.bytes += data.length
    out.brotliBytes += b.length
  }
  return out
}
