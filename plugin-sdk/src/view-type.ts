import type { z } from 'zod'
import type { FilterNode, SortNode } from './query.ts'

export interface TableInfo {
  readonly id: string
  readonly name: string
  readonly columns: ReadonlyArray<{ readonly id: string; readonly name: string; readonly type: string; readonly config: unknown }>
}

/** What a view type adds to the query of the view's data (Directus panel `query()`). */
export interface ViewQueryPart {
  readonly filter?: FilterNode
  readonly sort?: ReadonlyArray<SortNode>
  readonly groupBy?: string
  /** Column ids the view must always return, whatever `fields` says. */
  readonly requiredFields?: ReadonlyArray<string>
  /** Column ids worth an index because this view filters or sorts on them. */
  readonly indexFields?: ReadonlyArray<string>
}

export interface ViewTypeDefinition<S extends z.ZodType = z.ZodType, P extends z.ZodType = z.ZodType, C = z.output<S>> {
  readonly type: string
  readonly label: string
  readonly description?: string
  readonly config: S
  /** Extra query-string parameters of `GET /api/views/:id/data` (e.g. a calendar's range). */
  readonly params?: P
  /** Checks a parsed config against the table (e.g. kanban needs a single-select field). */
  checkConfig?(config: C, table: TableInfo): Array<{ path: Array<string | number>; message: string }>
  query(config: C, ctx: { table: TableInfo; params: z.output<P> | undefined }): ViewQueryPart
}

export type AnyViewType = ViewTypeDefinition<z.ZodType, z.ZodType, unknown>

export function defineViewType<S extends z.ZodType, P extends z.ZodType = z.ZodUndefined>(def: ViewTypeDefinition<S, P, z.output<S>>): AnyViewType {
  return def
}
