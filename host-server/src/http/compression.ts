import compress from '@fastify/compress'
import type { FastifyInstance } from 'fastify'
import { constants } from 'node:zlib'

/**
 * Compresses answers above 1 KiB by the request's Accept-Encoding (brotli, then gzip): API JSON,
 * the page, plugin client halves bundled at runtime. The web app's own assets come precompressed
 * from the build at the highest levels; what is compressed here, per request, uses brotli's
 * quality 4 (about gzip's size at a fraction of quality 11's time).
 */
export async function installCompression(app: FastifyInstance): Promise<void> {
  await app.register(compress, {
    global: true,
    threshold: 1024,
    // Up to 64 KiB (a page of records is typically 10-40 KB) in one synchronous call, ~0.2-1 ms of
    // brotli quality 4: the streaming path's thread-pool round trip cost a 50-record page ~1.8 ms
    // of latency on loopback for 0.2 ms of work. Larger answers stream, off the event loop.
    syncThreshold: 65_536,
    encodings: ['br', 'gzip'],
    brotliOptions: { params: { [constants.BROTLI_PARAM_QUALITY]: 4 } },
  })
}
