import { createError } from './errors.ts'

/**
 * A value the code's own invariants guarantee went missing. Declared here, below the kernel, so
 * plugins (which import only the SDK) fail with the same catalogued code as the kernel and host;
 * the kernel's catalogue lists this factory as `KRN_ERR_INVARIANT`.
 */
export const invariantError = createError<[string]>(
  'KRN_ERR_INVARIANT',
  (what) => `Internal error: ${what} was expected and is missing; the change was not applied. Please report this.`,
  500,
)

/**
 * A value the code's own invariants guarantee (the row an INSERT ... RETURNING gave back, an entry
 * of a map built from the same list). If the guarantee is ever broken, the request fails with a
 * coded error naming what was missing, instead of carrying `undefined` further.
 */
export function present<T>(value: T | null | undefined, what: string): T {
  if (value === undefined || value === null) throw invariantError(what)
  return value
}
