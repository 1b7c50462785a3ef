import { ApiError, t } from '@docpal/plugin-sdk/client'

/**
 * A write the caller's access already rules out, refused here with the server's code and words
 * instead of sending it for a 403: callers show it as they show the server's refusals.
 */
export function refusedLocally(key: string, args: Record<string, unknown> = {}): ApiError {
  return new ApiError(403, 'KRN_ERR_PERMISSION_DENIED', t(key, args))
}
