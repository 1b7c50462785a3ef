/**
 * The SQLSTATE of a database error ('' for anything else). postgres.js and PGlite put it on the
 * error; a wrapper (drizzle's "Failed query") keeps the driver's error as `cause`.
 */
export function pgCode(err: unknown): string {
  for (const e of [err, (err as { cause?: unknown } | null)?.cause]) {
    const c = (e as { code?: unknown } | null | undefined)?.code
    if (typeof c === 'string' && /^[0-9A-Z]{5}$/.test(c)) return c
  }
  return ''
}

/** Class 22, data exception: a value the column's type cannot hold (invalid syntax, out of range). */
export const isDataException = (err: unknown): boolean => pgCode(err).startsWith('22')
