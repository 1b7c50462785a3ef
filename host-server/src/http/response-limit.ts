import type { FastifyInstance } from 'fastify'
import { hostCodes } from '../errors/codes.ts'
import { errorBody, localeOf } from '../errors/error-handler.ts'

/**
 * Bounds the size of an API answer (DOCPAL_MAX_RESPONSE). Pages and formula results have bounds
 * of their own; this is the last one, so no combination of wide rows, long texts and a large page
 * sends a client (or a proxy) hundreds of megabytes. The web app's static files are not API
 * answers and are not counted.
 */
export function installResponseLimit(app: FastifyInstance, maxResponse: number): void {
  app.addHook('onSend', (req, reply, payload, done) => {
    // A string's UTF-8 size is at most 3 bytes per UTF-16 unit: most answers need no counting.
    if (!req.url.startsWith('/api/') || (typeof payload === 'string' && payload.length * 3 <= maxResponse)) {
      done(null, payload)
      return
    }
    const size = typeof payload === 'string' ? Buffer.byteLength(payload) : Buffer.isBuffer(payload) ? payload.length : 0
    if (size <= maxResponse) {
      done(null, payload)
      return
    }
    const api = hostCodes.HST_ERR_RESPONSE_TOO_LARGE(size, maxResponse)
    void reply.code(api.status).header('content-type', 'application/json; charset=utf-8')
    done(null, JSON.stringify(errorBody(api, localeOf(req))))
  })
}
