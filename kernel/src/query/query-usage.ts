import type { QueryAst } from '@docpal/plugin-sdk'
import { filterFields } from './filter-fields.ts'

/** By default, a query this slow or slower (ms, the page and its count) counts towards an index proposal. */
export const SLOW_QUERY_MS = 25
/** Slow queries on a column before its index is proposed (or, with auto-indexing, created). */
export const SLOW_USES_TO_PROPOSE = 3
// Bounds of what is kept in memory: one entry per table that was queried, one per column used.
const MAX_TABLES = 2_000
const MAX_FIELDS_PER_TABLE = 500

/** How a column was used by observed list queries. */
export interface FieldUsage {
  readonly fieldId: string
  filtered: number
  sorted: number
  /** Quick searches that read this column row by row (a text column without a search index). */
  searched: number
  /** Uses in queries that took `slowQueryMs` or more. */
  slow: number
  /** Sum of those slow queries' durations, for their mean. */
  slowMs: number
  lastAt: number
}

/**
 * What ad-hoc list queries filter and sort by, per table and column, and how long they took:
 * the evidence for index proposals ("nothing is indexed" answered from what users do). Kept in
 * this process's memory, bounded (the least recently queried table goes first); a restart
 * starts over, which only delays a proposal.
 */
export class QueryUsage {
  readonly #tables = new Map<string, Map<string, FieldUsage>>()
  constructor(readonly slowQueryMs = SLOW_QUERY_MS) {}
  /** Called once when a column reaches SLOW_USES_TO_PROPOSE slow uses (auto-indexing listens). */
  onProposal: ((companyId: string, tableId: string, fieldId: string) => void) | undefined

  /**
   * Counts one list query: the columns it filtered and sorted by and, for a quick search, the
   * `searched` columns it read row by row (a search index would serve them) and the `byValue`
   * columns it compared by value (a number, a select's options: a filter's index serves them, so
   * they count as filtered).
   */
  observe(companyId: string, ast: QueryAst, ms: number, isColumn: (fieldId: string) => boolean, searched: ReadonlyArray<string> = [], byValue: ReadonlyArray<string> = []): void {
    const filtered = filterFields(ast.filter)
    for (const id of byValue) filtered.add(id)
    const sorted = new Set(ast.sort.map((s) => s.field))
    if (!filtered.size && !sorted.size && !searched.length) return
    let table = this.#tables.get(ast.tableId)
    if (table) this.#tables.delete(ast.tableId)
    else {
      if (this.#tables.size >= MAX_TABLES) this.#tables.delete(this.#tables.keys().next().value as string)
      table = new Map()
    }
    this.#tables.set(ast.tableId, table) // re-inserted: the map's order is recency
    const slow = ms >= this.slowQueryMs
    const read = new Set(searched)
    for (const fieldId of new Set([...filtered, ...sorted, ...searched])) {
      if (!isColumn(fieldId)) continue
      let u = table.get(fieldId)
      if (!u) {
        if (table.size >= MAX_FIELDS_PER_TABLE) continue
        u = { fieldId, filtered: 0, sorted: 0, searched: 0, slow: 0, slowMs: 0, lastAt: 0 }
        table.set(fieldId, u)
      }
      if (filtered.has(fieldId)) u.filtered++
      if (sorted.has(fieldId)) u.sorted++
      if (read.has(fieldId)) u.searched++
      u.lastAt = Date.now()
      if (slow) {
        u.slow++
        u.slowMs += ms
        if (u.slow === SLOW_USES_TO_PROPOSE) this.onProposal?.(companyId, ast.tableId, fieldId)
      }
    }
  }

  /** The usage of a table's columns, most slow uses first. */
  of(tableId: string): FieldUsage[] {
    return [...(this.#tables.get(tableId)?.values() ?? [])]
      .map((u) => ({ ...u }))
      .sort((a, b) => b.slow - a.slow || b.filtered + b.sorted + b.searched - (a.filtered + a.sorted + a.searched))
  }

  /** Forget a table's usage (dropped, or its columns changed under the advisor). */
  forget(tableId: string): void {
    this.#tables.delete(tableId)
  }
}
