import { formatNumber, plainText, type ColumnInfo } from '@docpal/plugin-sdk/client'
import type { SummaryKind } from './grid-layout.ts'

/**
 * A summary as the column shows its values: a sum, minimum or maximum of a number column at the
 * column's precision (4,184.50 under a column of 2 decimals, as its cells read), an average with
 * at least 2 decimals, counts as whole numbers; anything else as text.
 */
export function summaryText(v: unknown, kind: SummaryKind, column: ColumnInfo): string {
  if (v === null || v === undefined) return '–'
  if (typeof v !== 'number') return plainText(v)
  if (kind === 'count' || kind === 'empty') return formatNumber(v, 0)
  const p = column.config['precision']
  const precision = typeof p === 'number' && Number.isInteger(p) && p >= 0 && p <= 10 ? p : undefined
  return formatNumber(v, kind === 'avg' ? Math.max(precision ?? 0, 2) : precision)
}
