import { STATUS_CODES } from 'node:http'
import type { Socket } from 'node:net'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { DocPalError } from '@docpal/plugin-sdk'
import { KERNEL_ZH_CN, codes, dbError, sayError, type CodeBook, type Locale, type Logger } from '@docpal/kernel'
import { requestLocale } from '../http/request-locale.ts'
import { hostCodes } from './codes.ts'
import { HOST_ZH_CN } from './codes-zh-CN.ts'

function fromDatabase(err: { code: string; message: string }): DocPalError | undefined {
  const c = err.code
  if (c.startsWith('22')) return hostCodes.HST_ERR_DB_REJECTED_VALUE(err.message)
  // The write guard (kernel records/write-guard.ts) refused a write a schema change raced, on a
  // path that does not run it again itself (an import's chunk): nothing was written, retryable.
  if (c === 'DPW01' || c === 'DPW02') return codes.KRN_ERR_SCHEMA_CHANGED('a table this request writes', { details: { retryable: true, retryAfterSeconds: 1 } })
  if (c === '23505' || c === '55P03' || c === '40001' || c === '40P01') return hostCodes.HST_ERR_DB_CONFLICT(err.message)
  if (c === '54011' || c === '54000') return hostCodes.HST_ERR_DB_REJECTED_VALUE(err.message)
  // query_canceled: 57014 also covers an admin's pg_cancel_backend; only the timeout is the request's doing.
  if (c === '57014' && /statement timeout/.test(err.message)) return hostCodes.HST_ERR_STATEMENT_TIMEOUT()
  return undefined
}

/** Maps every error to the API's shape and status, in this one place; `bodyLimit` is the route's. */
export function toApiError(err: unknown, bodyLimit?: number): DocPalError {
  if (err instanceof DocPalError) return err
  const e = err as Partial<FastifyError> & { code?: unknown; message?: string; statusCode?: number; name?: string }
  switch (e.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return hostCodes.HST_ERR_BAD_JSON(e.message ?? '')
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return hostCodes.HST_ERR_BODY_TOO_LARGE(bodyLimit ?? 0)
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return hostCodes.HST_ERR_UNSUPPORTED_MEDIA_TYPE(/'([^']*)'/.exec(e.message ?? '')?.[1] ?? 'unknown', 'application/json')
    case 'FST_ERR_BAD_URL':
      return hostCodes.HST_ERR_BAD_REQUEST('the URL holds a malformed %-escape')
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return hostCodes.HST_ERR_URL_TOO_LONG()
  }
  if (e.name === 'SyntaxError' && e.statusCode === 400) return hostCodes.HST_ERR_BAD_JSON(e.message ?? '')
  // drizzle wraps driver errors ("Failed query: ...") and keeps the database error as `cause` (dbError looks in both).
  const db = dbError(err)
  const mapped = db && fromDatabase(db)
  if (mapped) return mapped
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    return new DocPalError(`HST_ERR_HTTP_${e.statusCode}`, e.message ?? 'Bad request', e.statusCode)
  }
  return hostCodes.HST_ERR_INTERNAL({ cause: err })
}

const BOOKS: Record<Locale, CodeBook> = { en: {}, 'zh-CN': { ...KERNEL_ZH_CN, ...HOST_ZH_CN } }

/**
 * The API's error body: code and message, path and details where they help (never on a 5xx). The
 * messages are in `locale` where DocPal words them in it (sayError); code, path and details' data never change.
 */
export function errorBody(api: DocPalError, locale: Locale = 'en'): { error: Record<string, unknown> } {
  const said = sayError(api, locale, BOOKS[locale])
  const body: Record<string, unknown> = { code: api.code, message: said.message }
  if (api.path) body['path'] = api.path
  // A 5xx carries its code and message, never a stack trace or SQL.
  if (said.details && api.status < 500) body['details'] = said.details
  if (said.details && api.status >= 500 && api.code === 'KRN_ERR_HOOK_FAILED') body['details'] = said.details
  return { error: body }
}

/** The language a request's refusal is answered in (Accept-Language; the web app sends its own). */
export const localeOf = (req: FastifyRequest): Locale => requestLocale(req.headers['accept-language'])

/** Errors Fastify raises before routing (a malformed %-escape, a path part over its length). */
export function frameworkErrors(err: FastifyError, req: FastifyRequest, reply: FastifyReply): void {
  const api = toApiError(err)
  void reply.status(api.status).send(errorBody(api, localeOf(req)))
}

/**
 * Errors of Node's HTTP parser, before Fastify sees a request (headers too large, garbage, a
 * timeout): written to the socket in the API's shape, as Fastify's own answer is not.
 */
export function clientErrorHandler(err: Error & { code?: string }, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return
  const api =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? hostCodes.HST_ERR_HEADERS_TOO_LARGE()
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? new DocPalError('HST_ERR_HTTP_408', 'The request took too long to arrive.', 408)
        : hostCodes.HST_ERR_BAD_REQUEST('not a valid HTTP request')
  const body = JSON.stringify(errorBody(api))
  if (!socket.writable) return void socket.destroy(err)
  socket.end(
    `HTTP/1.1 ${api.status} ${STATUS_CODES[api.status] ?? ''}\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  )
}

export function installErrorHandler(app: FastifyInstance, logger: Logger): void {
  app.setErrorHandler((err, req, reply) => {
    const api = toApiError(err, req.routeOptions.bodyLimit)
    if (api.status >= 500)
      logger.error('request failed', { method: req.method, url: req.url, code: api.code, err: err instanceof Error ? (err.stack ?? err.message) : String(err) })
    // A retryable refusal says when to try again (KRN_ERR_SCHEMA_CHANGED).
    const after = api.details?.['retryAfterSeconds']
    if (typeof after === 'number') void reply.header('retry-after', String(after))
    void reply.status(api.status).send(errorBody(api, localeOf(req)))
  })
  app.setNotFoundHandler((req, reply) => {
    const api = hostCodes.HST_ERR_ROUTE_NOT_FOUND(req.method, req.url.split('?')[0] ?? '')
    void reply.status(404).send(errorBody(api, localeOf(req)))
  })
}
