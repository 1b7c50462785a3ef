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
    encodings: ['br', 'gzip'],
    brotliOptions: { params: { [constants.BROTLI_PARAM_QUALITY]: 4 } },
  })
}
