/**
 * The database error in `err`, as its SQLSTATE and message: postgres.js and PGlite put the code on
 * the error; a wrapper (drizzle's "Failed query") keeps the driver's error as `cause`. Undefined
 * for anything else.
 */
export function dbError(err: unknown): { readonly code: string; readonly message: string } | undefined {
  for (const e of [err, (err as { cause?: unknown } | null)?.cause]) {
    const d = e as { code?: unknown; message?: unknown } | null | undefined
    if (typeof d?.code === 'string' && /^[0-9A-Z]{5}$/.test(d.code)) return { code: d.code, message: typeof d.message === 'string' ? d.message : '' }
  }
  return undefined
}

/** The SQLSTATE of a database error ('' for anything else). */
export const pgCode = (err: unknown): string => dbError(err)?.code ?? ''

/** Class 22, data exception: a value the column's type cannot hold (invalid syntax, out of range). */
export const isDataException = (err: unknown): boolean => pgCode(err).startsWith('22')
