/** Path to the offending part of the input, as in `["columns", 2, "type"]`. */
export type ErrorPath = ReadonlyArray<string | number>

export interface ErrorExtensions {
  path?: ErrorPath
  details?: Record<string, unknown>
  cause?: unknown
}

/**
 * The one error class that crosses the kernel/plugin/host boundaries. `code` is stable and
 * documented; `status` is the HTTP status the host answers with (mapped in one place).
 */
export class DocPalError extends Error {
  readonly code: string
  readonly status: number
  readonly path: ErrorPath | undefined
  readonly details: Record<string, unknown> | undefined

  constructor(code: string, message: string, status: number, ext: ErrorExtensions = {}) {
    super(message, ext.cause === undefined ? undefined : { cause: ext.cause })
    this.name = 'DocPalError'
    this.code = code
    this.status = status
    this.path = ext.path
    this.details = ext.details
  }
}

export interface ErrorFactory<A extends unknown[]> {
  readonly code: string
  readonly status: number
  (...args: [...A, ErrorExtensions?]): DocPalError
  /** Type guard: was this error made by this factory? */
  is(err: unknown): err is DocPalError
}

/**
 * `createError('KRN_ERR_X', (name: string) => `...${name}`, 404)` in the style of Fastify's
 * `createError`: a typed factory whose code is pinned by the error catalogue test.
 */
export function createError<A extends unknown[] = []>(code: string, message: string | ((...args: A) => string), status: number): ErrorFactory<A> {
  const factory = ((...args: unknown[]) => {
    const arity = typeof message === 'function' ? message.length : 0
    const ext = args.length > arity ? (args[arity] as ErrorExtensions | undefined) : undefined
    const text = typeof message === 'function' ? message(...(args.slice(0, arity) as A)) : message
    return new DocPalError(code, text, status, ext ?? {})
  }) as unknown as ErrorFactory<A>
  Object.defineProperty(factory, 'code', { value: code })
  Object.defineProperty(factory, 'status', { value: status })
  factory.is = (err: unknown): err is DocPalError => err instanceof DocPalError && err.code === code
  return factory
}
