/** Which part of the contract a problem breaks. */
export type ContractCheck = 'manifest' | 'load' | 'ids' | 'capabilities' | 'config' | 'column' | 'input' | 'round-trip' | 'sort' | 'operator' | 'cast'

/** One broken promise, named so a plugin author can find and fix it. */
export interface ContractProblem {
  readonly check: ContractCheck
  /** What it is about: `manifest`, `field type 'rating'`, `operator 'gt' of field type 'rating'`, ... */
  readonly contribution: string
  readonly message: string
}

/** One line per problem, for an assertion message or a CLI. */
export function formatProblems(problems: ReadonlyArray<ContractProblem>): string {
  return problems.map((p) => `[${p.check}] ${p.contribution}: ${p.message}`).join('\n')
}

/** An error's code and message as the API would show them, or a database error's own message. */
export function describeError(err: unknown): string {
  if (err && typeof err === 'object') {
    const e = err as { code?: unknown; message?: unknown; path?: unknown; cause?: unknown }
    const cause = e.cause as { message?: unknown } | undefined
    // drizzle wraps driver errors as "Failed query: <sql>" and keeps the database's reason as the cause.
    const message = typeof cause?.message === 'string' && /^Failed query/.test(String(e.message)) ? cause.message : String(e.message)
    const path = Array.isArray(e.path) && e.path.length ? ` (at ${e.path.join('.')})` : ''
    return typeof e.code === 'string' && /^[A-Z]+_ERR_/.test(e.code) ? `${e.code}: ${message}${path}` : message
  }
  return String(err)
}
