import { posix } from 'node:path'
import { codes } from '../errors/codes.ts'
import type { ArchiveLimits } from './archive-limits.ts'

/** The longest file or folder name common file systems store (NAME_MAX), in bytes. */
const NAME_MAX = 255

/** An entry name fit for a message: long ones cut, with their length, so the answer stays small. */
export function shortName(raw: string): string {
  return raw.length <= 80 ? raw : `${raw.slice(0, 60)}... (${raw.length} characters)`
}

/**
 * Where an entry lands inside the plugin folder, or why it may not. npm's `package/` prefix is
 * dropped; anything that would leave the folder, is not a plain file or folder, or is a path the
 * disk would refuse (too long, too deep) is refused rather than skipped, so what is installed is
 * exactly what was packed and the folder is never half written.
 */
export function entryPath(raw: string, type: string, limits: ArchiveLimits): string {
  const name = shortName(raw)
  if (type !== 'File' && type !== 'OldFile' && type !== 'ContiguousFile' && type !== 'Directory') {
    throw codes.KRN_ERR_PLUGIN_ARCHIVE_INVALID(`'${name}' is a ${type}; only files and folders may be packed`)
  }
  if (raw.includes('\\') || raw.includes('\0') || posix.isAbsolute(raw) || /^[a-z]:/i.test(raw)) {
    throw codes.KRN_ERR_PLUGIN_ARCHIVE_INVALID(`'${name}' is not a relative path`)
  }
  if (raw.split('/').includes('..')) throw codes.KRN_ERR_PLUGIN_ARCHIVE_INVALID(`'${name}' escapes the plugin folder`)
  const rel = posix
    .normalize(raw)
    .replace(/^package\//, '')
    .replace(/\/$/, '')
  if (rel === '' || rel === '.' || rel === 'package') return ''
  const refuse = (why: string) => codes.KRN_ERR_PLUGIN_ARCHIVE_PATH(name, why, { details: { entry: raw.slice(0, 1024) } })
  const parts = rel.split('/')
  if (parts.length > limits.maxPathDepth) throw refuse(`it lies ${parts.length} levels deep, more than ${limits.maxPathDepth} (DOCPAL_PLUGIN_MAX_DEPTH)`)
  const bytes = Buffer.byteLength(rel)
  if (bytes > limits.maxPathBytes) throw refuse(`its path is ${bytes} bytes long, more than ${limits.maxPathBytes} (DOCPAL_PLUGIN_MAX_PATH)`)
  const long = parts.find((p) => Buffer.byteLength(p) > NAME_MAX)
  if (long !== undefined) throw refuse(`the name '${shortName(long)}' is longer than ${NAME_MAX} bytes, which file systems cannot store`)
  return rel
}
