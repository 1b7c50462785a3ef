/** Path to the offending part of the input, as in `["columns", 2, "type"]`. */
export type ErrorPath = ReadonlyArray<string | number>

/**
 * A message's meaning apart from its English text: a key of the kernel's message catalogues and
 * what it names, so the host can answer it in the language a request asks for (docs/errors.md).
 */
export interface MessageWords {
  readonly key: string
  readonly params: Readonly<Record<string, string | number>>
}

export interface ErrorExtensions {
  path?: ErrorPath
  details?: Record<string, unknown>
  cause?: unknown
  /** For a free-text message (KRN_ERR_VALIDATION): its meaning, for the reader's language. */
  words?: MessageWords
  /** The arguments a catalogued factory made the message from (`createError` sets them). */
  args?: ReadonlyArray<unknown>
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
  readonly words: MessageWords | undefined
  readonly args: ReadonlyArray<unknown>

  constructor(code: string, message: string, status: number, ext: ErrorExtensions = {}) {
    super(message, ext.cause === undefined ? undefined : { cause: ext.cause })
    this.name = 'DocPalError'
    this.code = code
    this.status = status
    this.path = ext.path
    this.details = ext.details
    this.words = ext.words
    this.args = ext.args ?? []
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
    const given = args.slice(0, arity) as A
    const text = typeof message === 'function' ? message(...given) : message
    return new DocPalError(code, text, status, { ...ext, args: given })
  }) as unknown as ErrorFactory<A>
  Object.defineProperty(factory, 'code', { value: code })
  Object.defineProperty(factory, 'status', { value: status })
  factory.is = (err: unknown): err is DocPalError => err instanceof DocPalError && err.code === code
  return factory
}
