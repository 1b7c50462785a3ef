import type { FastifyError, FastifyInstance } from 'fastify'
import { DocPalError } from '@docpal/plugin-sdk'
import type { Logger } from '@docpal/kernel'
import { hostCodes } from './codes.ts'

function fromDatabase(err: { code: string; message: string }): DocPalError | undefined {
  const c = err.code
  if (c.startsWith('22')) return hostCodes.HST_ERR_DB_REJECTED_VALUE(err.message)
  if (c === '23505' || c === '55P03' || c === '40001' || c === '40P01') return hostCodes.HST_ERR_DB_CONFLICT(err.message)
  if (c === '54011' || c === '54000') return hostCodes.HST_ERR_DB_REJECTED_VALUE(err.message)
  return undefined
}

/** Maps every error to the API's shape and status, in this one place. */
export function toApiError(err: unknown): DocPalError {
  if (err instanceof DocPalError) return err
  const e = err as Partial<FastifyError> & { code?: unknown; message?: string; statusCode?: number; name?: string }
  switch (e.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return hostCodes.HST_ERR_BAD_JSON(e.message ?? '')
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return hostCodes.HST_ERR_BODY_TOO_LARGE(Number(/\d+/.exec(e.message ?? '')?.[0] ?? 0))
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return hostCodes.HST_ERR_UNSUPPORTED_MEDIA_TYPE()
  }
  if (e.name === 'SyntaxError' && e.statusCode === 400) return hostCodes.HST_ERR_BAD_JSON(e.message ?? '')
  // drizzle wraps driver errors ("Failed query: ...") and keeps the database error as `cause`.
  for (const d of [e, (e as { cause?: unknown }).cause] as Array<{ code?: unknown; message?: string } | null | undefined>) {
    if (d && typeof d.code === 'string' && /^[0-9A-Z]{5}$/.test(d.code)) {
      const mapped = fromDatabase({ code: d.code, message: d.message ?? '' })
      if (mapped) return mapped
    }
  }
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    return new DocPalError(`HST_ERR_HTTP_${e.statusCode}`, e.message ?? 'Bad request', e.statusCode)
  }
  return hostCodes.HST_ERR_INTERNAL({ cause: err })
}

export function installErrorHandler(app: FastifyInstance, logger: Logger): void {
  app.setErrorHandler((err, req, reply) => {
    const api = toApiError(err)
    if (api.status >= 500) logger.error('request failed', { method: req.method, url: req.url, code: api.code, err: err instanceof Error ? (err.stack ?? err.message) : String(err) })
    const body: Record<string, unknown> = { code: api.code, message: api.message }
    if (api.path) body['path'] = api.path
    // A 5xx carries its code and message, never a stack trace or SQL.
    if (api.details && api.status < 500) body['details'] = api.details
    if (api.details && api.status >= 500 && api.code === 'KRN_ERR_HOOK_FAILED') body['details'] = api.details
    void reply.status(api.status).send({ error: body })
  })
  app.setNotFoundHandler((req, reply) => {
    const api = hostCodes.HST_ERR_ROUTE_NOT_FOUND(req.method, req.url.split('?')[0] ?? '')
    void reply.status(404).send({ error: { code: api.code, message: api.message } })
  })
}
