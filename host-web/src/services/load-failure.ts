import { ApiError } from '@docpal/plugin-sdk/client'

/**
 * Why a page could not load what it shows: the message, and the HTTP status when the server
 * answered one, so a missing or forbidden thing reads as such rather than as a fault to retry.
 */
export interface LoadFailure {
  readonly message: string
  readonly status?: number
}

export function loadFailure(err: unknown): LoadFailure {
  if (err instanceof ApiError) return { message: err.message, status: err.status }
  return { message: err instanceof Error ? err.message : String(err) }
}
