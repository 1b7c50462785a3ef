import { ApiError } from '@docpal/plugin-sdk/client'

/**
 * Why a page could not load what it shows: the message, and the HTTP status when the server
 * answered one, so a missing or forbidden thing reads as such rather than as a fault to retry.
 */
export interface LoadFailure {
  readonly message: string
  readonly status?: number
  /** Another company of the reader's that holds what was asked for (an app link from a colleague there). */
  readonly otherCompany?: { readonly id: string; readonly name: string }
}

function otherCompanyOf(details: Readonly<Record<string, unknown>>): LoadFailure['otherCompany'] {
  const o = details['otherCompany'] as { id?: unknown; name?: unknown } | undefined
  return o && typeof o.id === 'string' && typeof o.name === 'string' ? { id: o.id, name: o.name } : undefined
}

export function loadFailure(err: unknown): LoadFailure {
  if (err instanceof ApiError) {
    const otherCompany = otherCompanyOf(err.details)
    return { message: err.message, status: err.status, ...(otherCompany ? { otherCompany } : {}) }
  }
  return { message: err instanceof Error ? err.message : String(err) }
}
