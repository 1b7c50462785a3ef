import type { SQL } from 'drizzle-orm'

/**
 * The query AST that `query.beforeCompile` handlers see and transform. Fields are referred to by
 * column id (or a system field name), never by physical name: the compiler resolves them.
 * Nodes are plain frozen data so that a hook cannot mutate what another hook saw.
 */
export const SYSTEM_FIELDS = ['id', 'createdAt', 'updatedAt', 'createdBy'] as const
export type SystemField = (typeof SYSTEM_FIELDS)[number]

export interface ConditionNode {
  readonly kind: 'condition'
  /** Column id or system field name. */
  readonly field: string
  readonly op: string
  /** Already validated by the operator's value schema. */
  readonly value?: unknown
}

export interface GroupNode {
  readonly kind: 'and' | 'or'
  readonly children: ReadonlyArray<FilterNode>
}

/**
 * A predicate written by plugin code (a permission plugin adding row rules). It is trusted code,
 * built with `sql` so values stay parameters; `field` gives it the column to work on.
 */
export interface PredicateNode {
  readonly kind: 'predicate'
  readonly plugin: string
  readonly build: (col: (field: string) => SQL) => SQL
}

export type FilterNode = ConditionNode | GroupNode | PredicateNode

export interface SortNode {
  readonly field: string
  readonly direction: 'asc' | 'desc'
}

export type CountMode = 'none' | 'exact' | 'estimate'

export interface QueryAst {
  readonly kind: 'select'
  readonly tableId: string
  /** Column ids to return; undefined: all active columns. */
  readonly fields: ReadonlyArray<string> | undefined
  readonly filter: FilterNode | undefined
  readonly sort: ReadonlyArray<SortNode>
  readonly limit: number
  readonly offset: number
  /** Keyset position: the sort values and id of the last row of the previous page. */
  readonly after: ReadonlyArray<unknown> | undefined
  readonly count: CountMode
  readonly groupBy: string | undefined
  /**
   * Quick search text (`search=`), ANDed with the filter: rows where any searchable field
   * contains it, ignoring case. Undefined or absent: no search.
   */
  readonly search?: string | undefined
}
