import { codes } from './codes.ts'

/**
 * A value the code's own invariants guarantee (the row an INSERT ... RETURNING gave back, an entry
 * of a map built from the same list). If the guarantee is ever broken, the request fails with a
 * coded error naming what was missing, instead of carrying `undefined` further.
 */
export function present<T>(value: T | null | undefined, what: string): T {
  if (value === undefined || value === null) throw codes.KRN_ERR_INVARIANT(what)
  return value
}
