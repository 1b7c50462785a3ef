import { ApiError } from '@docpal/plugin-sdk/client'

/** Codes of a refused install or update that have a friendlier explanation in admin.installError. */
const EXPLAINED = {
  KRN_ERR_PLUGIN_MANIFEST_INVALID: 'manifest',
  KRN_ERR_PLUGIN_INCOMPATIBLE: 'incompatible',
  KRN_ERR_PLUGIN_CHECKSUM: 'checksum',
  KRN_ERR_PLUGIN_ARCHIVE_INVALID: 'archive',
  KRN_ERR_PLUGIN_EXISTS: 'exists',
  KRN_ERR_PLUGIN_NOT_NEWER: 'notNewer',
  KRN_ERR_PLUGIN_LOAD_FAILED: 'loadFailed',
  HST_ERR_CATALOG_UNAVAILABLE: 'catalog',
} as const

export interface InstallError {
  code: string | null
  hint: (typeof EXPLAINED)[keyof typeof EXPLAINED] | null
  message: string
}

/** The server's message as written (it names the file and the cause), with a hint key when known. */
export function readInstallError(err: unknown): InstallError {
  if (!(err instanceof ApiError)) return { code: null, hint: null, message: err instanceof Error ? err.message : String(err) }
  const hint = (EXPLAINED as Record<string, InstallError['hint']>)[err.code] ?? null
  return { code: err.code, hint, message: err.message }
}

/** A sha256 an admin pasted: 64 hex digits, any case, surrounding spaces ignored. */
export function normalizeSha256(text: string): string | null | undefined {
  const s = text.trim().toLowerCase()
  if (!s) return undefined
  return /^[0-9a-f]{64}$/.test(s) ? s : null
}
