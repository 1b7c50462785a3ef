import type { z } from 'zod'
import type { ConfigIssue } from './field-helpers.ts'
import type { TableInfo, ViewQueryPart } from './view-type.ts'

/**
 * A dashboard widget (chart, number, embedded records, text, ...). Its config is validated by
 * `config`; a widget that shows data says which records with `query`, answered by the same
 * pipeline as views (one statement, filters and sorts compiled to SQL). Its client half renders it.
 */
export interface WidgetDefinition<S extends z.ZodType = z.ZodType, C = z.output<S>> {
  readonly type: string
  readonly label: string
  readonly description?: string
  readonly config: S
  /** Checks a parsed config against the table it reads (a chart needs a number field). */
  checkConfig?(config: C, table: TableInfo): ConfigIssue[]
  /** The records the widget shows; absent for widgets without data (text, image). */
  query?(config: C, ctx: { table: TableInfo }): ViewQueryPart & { readonly limit?: number }
}

export type AnyWidget = WidgetDefinition<z.ZodType, unknown>

export function defineWidget<S extends z.ZodType>(def: WidgetDefinition<S, z.output<S>>): AnyWidget {
  return def
}
