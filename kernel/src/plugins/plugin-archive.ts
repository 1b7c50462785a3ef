import { createHash } from 'node:crypto'
import { posix } from 'node:path'
import { Parser, type ReadEntry } from 'tar'
import { codes } from '../errors/codes.ts'

/** A plugin tarball read into memory: its files by relative path, and its package.json. */
export interface PluginArchive {
  readonly sha256: string
  readonly files: ReadonlyMap<string, Buffer>
  readonly packageJson: Record<string, unknown>
}

// A plugin is a few bundled files; anything far bigger is a mistake or an attack.
const MAX_BYTES = 50 * 1024 * 1024
const MAX_FILES = 2000

export function sha256Hex(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex')
}

/**
 * Where an entry lands inside the plugin folder, or why it may not. npm's `package/` prefix is
 * dropped; anything that would leave the folder, or is not a plain file or folder, is refused
 * rather than silently skipped, so what is installed is exactly what was packed.
 */
function safePath(raw: string, type: string): string {
  if (type !== 'File' && type !== 'OldFile' && type !== 'ContiguousFile' && type !== 'Directory') {
    throw codes.KRN_ERR_PLUGIN_ARCHIVE_INVALID(`'${raw}' is a ${type}; only files and folders may be packed`)
  }
  if (raw.includes('\\') || raw.includes('\0') || posix.isAbsolute(raw) || /^[a-z]:/i.test(raw)) {
    throw codes.KRN_ERR_PLUGIN_ARCHIVE_INVALID(`'${raw}' is not a relative path`)
  }
  if (raw.split('/').includes('..')) throw codes.KRN_ERR_PLUGIN_ARCHIVE_INVALID(`'${raw}' escapes the plugin folder`)
  const rel = posix
    .normalize(raw)
    .replace(/^package\//, '')
    .replace(/\/$/, '')
  if (rel === '' || rel === '.' || rel === 'package') return ''
  return rel
}

/** Reads and checks a `.tgz` (or plain tar) without touching the disk. */
export async function readPluginArchive(data: Buffer): Promise<PluginArchive> {
  const files = new Map<string, Buffer>()
  let total = 0
  let problem: Error | undefined
  const parser = new Parser({
    strict: true,
    onReadEntry: (entry: ReadEntry) => {
      try {
        if (problem) {
          entry.resume()
          return
        }
        const rel = safePath(entry.path, entry.type)
        if (entry.type === 'Directory' || rel === '') {
          entry.resume()
          return
        }
        total += entry.size
        if (total > MAX_BYTES) throw codes.KRN_ERR_PLUGIN_ARCHIVE_INVALID(`it unpacks to more than ${MAX_BYTES / 1024 / 1024} MB`)
        if (files.size >= MAX_FILES) throw codes.KRN_ERR_PLUGIN_ARCHIVE_INVALID(`it holds more than ${MAX_FILES} files`)
        const chunks: Buffer[] = []
        entry.on('data', (c: Buffer) => chunks.push(c))
        entry.on('end', () => files.set(rel, Buffer.concat(chunks)))
      } catch (err) {
        // What throws above are the archive checks' coded errors.
        problem = err instanceof Error ? err : codes.KRN_ERR_PLUGIN_ARCHIVE_INVALID(`an entry could not be read (${String(err)})`)
        entry.resume()
      }
    },
  })
  await new Promise<void>((resolve, reject) => {
    parser.on('error', reject)
    parser.on('close', () => resolve())
    parser.end(data)
  }).catch((err: unknown) => {
    throw codes.KRN_ERR_PLUGIN_ARCHIVE_INVALID(`it is not a readable .tgz (${err instanceof Error ? err.message : String(err)})`)
  })
  if (problem) throw problem
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
