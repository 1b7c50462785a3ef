import type { ColumnInfo } from '@docpal/plugin-sdk/client'

/**
 * Why a column cannot be used, or null when it can. The server marks a column whose field type's
 * plugin is disabled (or not installed) with `available: false` and an explanation in `unavailable`;
 * both are read structurally because the SDK's ColumnInfo does not carry them.
 */
export function unavailableReason(column: ColumnInfo): string | null {
  const c = column as ColumnInfo & { available?: unknown; unavailable?: unknown }
  if (c.available !== false) return null
  return typeof c.unavailable === 'string' && c.unavailable.trim() ? c.unavailable : ''
}

export const isUnavailable = (column: ColumnInfo): boolean => unavailableReason(column) !== null
