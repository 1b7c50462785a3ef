import { createHash } from 'node:crypto'
import { Parser, type ReadEntry } from 'tar'
import { DocPalError } from '@docpal/plugin-sdk'
import { codes } from '../errors/codes.ts'
import { entryPath } from './archive-entry-path.ts'
import { DEFAULT_ARCHIVE_LIMITS, UnpackMeter, type ArchiveLimits } from './archive-limits.ts'
import { isCompressed, tarChunks } from './archive-stream.ts'
import { ArchiveTree } from './archive-tree.ts'

/** A plugin tarball read into memory: its files by relative path, and its package.json. */
export interface PluginArchive {
  readonly sha256: string
  readonly files: ReadonlyMap<string, Buffer>
  readonly packageJson: Record<string, unknown>
}

export function sha256Hex(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex')
}

const unreadable = (err: unknown) => codes.KRN_ERR_PLUGIN_ARCHIVE_INVALID(`it is not a readable .tgz (${err instanceof Error ? err.message : String(err)})`)

/**
 * Reads and checks a `.tgz` (or plain tar) without touching the disk. It is inflated a chunk at
 * a time off the event loop (archive-stream.ts) and parsed as it comes; the first refusal (a limit,
 * a bad path) stops the inflating at once, so nothing unpacks further than the limits allow.
 */
export async function readPluginArchive(data: Buffer, limits: ArchiveLimits = DEFAULT_ARCHIVE_LIMITS): Promise<PluginArchive> {
  const files = new Map<string, Buffer>()
  const tree = new ArchiveTree()
  let entries = 0
  // Set from the parser's callbacks: read through `refusal()` so no narrowing hides a later change.
  const state: { problem: DocPalError | undefined; sawEnd: boolean } = { problem: undefined, sawEnd: false }
  const refusal = (): DocPalError | undefined => state.problem
  // brotli and zstd off: tar's parser would inflate those itself, on the event loop and unmetered.
  const parser = new Parser({
    strict: true,
    brotli: false,
    zstd: false,
    onReadEntry: (entry: ReadEntry) => {
      if (state.problem) {
        entry.resume()
        return
      }
      try {
        if (++entries > limits.maxEntries) throw codes.KRN_ERR_PLUGIN_ARCHIVE_TOO_MANY_ENTRIES(limits.maxEntries)
        // The header says how big the entry is: no need to inflate that far to refuse it.
        if (entry.size > limits.maxUnpackedBytes) throw codes.KRN_ERR_PLUGIN_ARCHIVE_TOO_LARGE(limits.maxUnpackedBytes)
        const rel = entryPath(entry.path, entry.type, limits)
        if (rel !== '') tree.add(rel, entry.type === 'Directory')
        if (rel === '' || entry.type === 'Directory') {
          entry.resume()
          return
        }
        const chunks: Buffer[] = []
        entry.on('data', (c: Buffer) => chunks.push(c))
        entry.on('end', () => files.set(rel, Buffer.concat(chunks)))
      } catch (err) {
        state.problem = err instanceof DocPalError ? err : unreadable(err)
        entry.resume()
      }
    },
  })
  parser.on('error', (err: unknown) => (state.problem ??= unreadable(err)))
  // Past the end-of-archive blocks tar's parser keeps every byte by concatenating buffers, which is
  // quadratic (64 MiB of zeros took 35 s): nothing there is ever read, so nothing more is inflated.
  parser.on('eof', () => (state.sawEnd = true))
  let first = true
  try {
    for await (const chunk of tarChunks(data, new UnpackMeter(limits, data.length))) {
      // The parser would inflate a second layer of gzip itself, synchronously: a bomb in a wrapper.
      if (first && isCompressed(chunk)) throw codes.KRN_ERR_PLUGIN_ARCHIVE_INVALID('it is compressed twice; pack the tar with one layer of gzip')
      first = false
      parser.write(chunk)
      if (refusal() || state.sawEnd) break
    }
  } catch (err) {
    throw err instanceof DocPalError ? err : unreadable(err)
  }
  const early = refusal()
  if (early) throw early
  // 'error' and 'abort' end it too (the handler above kept the reason): never wait forever.
  await new Promise<void>((resolve) => {
    for (const event of ['close', 'error', 'abort']) parser.once(event, () => resolve())
    parser.end()
  })
  const late = refusal()
  if (late) throw late
  const pkg = files.get('package.json')
  if (!pkg) throw codes.KRN_ERR_PLUGIN_ARCHIVE_INVALID('it has no package.json at its root')
  let packageJson: unknown
  try {
    packageJson = JSON.parse(pkg.toString('utf8'))
  } catch {
    throw codes.KRN_ERR_PLUGIN_MANIFEST_INVALID('package.json', 'it is not valid JSON')
  }
  if (!packageJson || typeof packageJson !== 'object' || Array.isArray(packageJson)) throw codes.KRN_ERR_PLUGIN_MANIFEST_INVALID('package.json', 'it is not a JSON object')
  return { sha256: sha256Hex(data), files, packageJson: packageJson as Record<string, unknown> }
}
