import type { ColumnInfo } from '@docpal/plugin-sdk/client'

/** What a summary cell shows (the server's SUMMARY_KINDS). `count`: records with a value. */
export const SUMMARY_KINDS = ['count', 'empty', 'sum', 'avg', 'min', 'max'] as const
export type SummaryKind = (typeof SUMMARY_KINDS)[number]

/**
 * How a grid is laid out: the columns shown, in order (absent: every column in the table's
 * order), their widths and the summary chosen per column, all by column id. The table page keeps
 * it in this browser; a table view keeps it in the view.
 */
export interface GridLayout {
  readonly order?: readonly string[]
  readonly widths: Readonly<Record<string, number>>
  readonly summary: Readonly<Record<string, SummaryKind>>
}

/** The server's answer for a summary row: the values asked for, and what each column (by id) can show. */
export interface SummaryAnswer {
  readonly total: number
  readonly summaries: Readonly<Record<string, unknown>>
  readonly kinds: Readonly<Record<string, readonly SummaryKind[]>>
}

/** The columns a layout shows: its order (ids of removed columns dropped), or the table's. */
export function orderedColumns(all: readonly ColumnInfo[], order: readonly string[] | undefined): ColumnInfo[] {
  const sorted = [...all].sort((a, b) => a.order - b.order)
  if (!order) return sorted
  const byId = new Map(sorted.map((c) => [c.id, c]))
  return order.flatMap((id) => byId.get(id) ?? [])
}

/** `ids` with the column `moved` put before (or after) `target`. */
export function moveColumn(ids: readonly string[], moved: string, target: string, after: boolean): string[] {
  if (moved === target) return [...ids]
  const rest = ids.filter((id) => id !== moved)
  const at = rest.indexOf(target)
  if (at < 0) return [...ids]
  rest.splice(after ? at + 1 : at, 0, moved)
  return rest
}
