import { setImmediate as nextTurn } from 'node:timers/promises'
import { createGunzip } from 'node:zlib'
import type { UnpackMeter } from './archive-limits.ts'

const CHUNK = 64 * 1024

/** Whether bytes start like gzip (RFC 1952 magic). */
export function isGzip(data: Uint8Array): boolean {
  return data[0] === 0x1f && data[1] === 0x8b
}

/** Whether bytes start like a compressed stream tar's parser would inflate on its own (gzip, zstd). */
export function isCompressed(data: Uint8Array): boolean {
  return isGzip(data) || (data[0] === 0x28 && data[1] === 0xb5 && data[2] === 0x2f && data[3] === 0xfd)
}

/**
 * The tar bytes of an upload, a chunk at a time. Gzip is inflated by zlib on libuv's thread pool,
 * never on the event loop, and only as fast as the caller reads: the meter throws the moment a
 * limit is crossed, the caller's loop ends and the inflater is destroyed, so an archive bomb costs
 * at most the limit, and other requests are served in between chunks.
 */
export async function* tarChunks(data: Buffer, meter: UnpackMeter): AsyncGenerator<Buffer, void, undefined> {
  if (!isGzip(data)) {
    for (let at = 0; at < data.length; at += CHUNK) {
      const chunk = data.subarray(at, at + CHUNK)
      meter.add(chunk.length)
      yield chunk
      // A plain tar costs no inflating, but parsing 50 MiB still deserves a turn for others now and then.
      if (at % (64 * CHUNK) === 0) await nextTurn()
    }
    return
  }
  const gunzip = createGunzip({ chunkSize: CHUNK })
  gunzip.end(data)
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      meter.add(chunk.length)
      yield chunk
    }
  } finally {
    gunzip.destroy()
  }
}
