import { ApiError } from '@docpal/plugin-sdk/client'

/**
 * The records a bulk write was refused on by the caller's row rules: the server refuses the
 * whole write (403 KRN_ERR_PERMISSION_ROW) and names them in `details.recordIds`. Null for any
 * other failure (its message is what the person is told then).
 */
export function rowsRefused(err: unknown): string[] | null {
  if (!(err instanceof ApiError) || err.code !== 'KRN_ERR_PERMISSION_ROW') return null
  const ids = err.details['recordIds']
  return Array.isArray(ids) ? ids.filter((x): x is string => typeof x === 'string') : []
}
