import { isUtf8 } from 'node:buffer'
import { createWriteStream } from 'node:fs'
import type { Readable } from 'node:stream'
import { hostCodes } from '../errors/codes.ts'

/** What was learnt of an uploaded file while it was written to disk, without reading it twice. */
export interface UploadFacts {
  readonly size: number
  /** Its first bytes (64 KiB): format sniffing, delimiter and header detection. */
  readonly head: Buffer
  /** Line feeds in the file: an upper bound of its rows (exact unless quoted cells hold line breaks). */
  readonly lineFeeds: number
  /** Whether the last byte is a line feed (a last row without one still counts). */
  readonly endsWithLineFeed: boolean
  /** Whether every byte sequence is well-formed UTF-8 (a byte-order mark included). */
  readonly utf8: boolean
  /** Whether the file holds a NUL byte (binary, or UTF-16 text). */
  readonly nul: boolean
}

const HEAD = 64 * 1024

/**
 * Where the last whole UTF-8 character of `b` ends: a lead byte in the last 3 bytes whose
 * sequence runs past the end is left for the next chunk. (Invalid bytes are left in place for
 * `isUtf8` to refuse.) Checking bytes, not decoding them, keeps a 200 MB upload from making
 * 200 MB of strings.
 */
function completeUpTo(b: Buffer): number {
  for (let i = b.length - 1; i >= Math.max(0, b.length - 3); i--) {
    const c = b[i] ?? 0
    if (c < 0x80) return b.length
    if (c >= 0xc0) {
      const need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2
      return i + need > b.length ? i : b.length
    }
  }
  return b.length
}

/**
 * Streams a request body to `path`, refusing it (413) once it passes `limit` bytes. The bytes are
 * looked at on the way (line feeds counted, UTF-8 checked) so the preview and the progress total
 * need no second read of the file. `store` gets each chunk too (the database's copy, which the
 * other server processes read), and is awaited: a slow store slows the upload, never fills memory.
 */
export async function saveUpload(body: Readable, path: string, limit: number, store?: (chunk: Buffer) => Promise<void>): Promise<UploadFacts> {
  const out = createWriteStream(path)
  const heads: Buffer[] = []
  let headSize = 0
  let size = 0
  let lineFeeds = 0
  let nul = false
  let last = -1
  let utf8 = true
  // The bytes of a character cut by the end of the last chunk, checked with the next one.
  let carry: Buffer = Buffer.alloc(0)
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      size += chunk.length
      if (size > limit) throw hostCodes.HST_ERR_IMPORT_TOO_LARGE(limit)
      if (headSize < HEAD) {
        heads.push(chunk.subarray(0, HEAD - headSize))
        headSize += Math.min(chunk.length, HEAD - headSize)
      }
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lineFeeds++
      if (!nul && chunk.includes(0)) nul = true
      if (utf8) {
        const bytes = carry.length ? Buffer.concat([carry, chunk]) : chunk
        const cut = completeUpTo(bytes)
        utf8 = isUtf8(bytes.subarray(0, cut))
        carry = Buffer.from(bytes.subarray(cut))
      }
      last = chunk[chunk.length - 1] ?? last
      if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()))
      if (store) await store(chunk)
    }
    if (carry.length) utf8 = false
  } finally {
    await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())))
  }
  return { size, head: Buffer.concat(heads), lineFeeds, endsWithLineFeed: last === 10, utf8, nul }
}
