import type { QueryAst } from './query.ts'
import type { TableInfo } from './view-type.ts'

export type HookKind = 'waterfall' | 'series' | 'parallel'
export type HookOrder = 'pre' | 'normal' | 'post'

export interface QueryContext {
  readonly userId: string
  readonly companyId: string
  readonly tableId: string
  /** The table's active columns, so a handler can find a column by name or type. */
  readonly table: TableInfo
}

export interface WriteContext {
  readonly userId: string
  readonly companyId: string
  readonly tableId: string
  /** The table's active columns: `values` are keyed by these ids. */
  readonly table: TableInfo
  readonly op: 'create' | 'update' | 'replace' | 'delete'
}

/** A record about to be written; `values` keyed by column id. */
export interface RecordDraft {
  readonly recordId: string | undefined
  readonly values: Readonly<Record<string, unknown>>
}

/**
 * A record just written, inside the write's transaction. Every write path calls the hook once per
 * record: single writes, deletes of several ids, and each row of a bulk insert.
 */
export interface RecordWritten {
  readonly recordId: string
  /** Column ids written (all for a create). */
  readonly changed: ReadonlyArray<string>
}

export interface SchemaPlanSummary {
  readonly tableId: string
  readonly steps: ReadonlyArray<{ readonly kind: string; readonly columnId: string }>
}

/**
 * Every hook, its kind and arguments, fixed here at the type level (Rollup): a handler of a
 * waterfall hook returns the (possibly new) first argument or undefined to keep it.
 */
export interface HookSpecs {
  'query.beforeCompile': { kind: 'waterfall'; args: [QueryAst, QueryContext] }
  'record.beforeWrite': { kind: 'waterfall'; args: [RecordDraft, WriteContext] }
  'record.afterWrite': { kind: 'series'; args: [RecordWritten, WriteContext] }
  'table.afterPlan': { kind: 'parallel'; args: [SchemaPlanSummary] }
}
export type HookName = keyof HookSpecs

export const HOOK_KINDS: { readonly [K in HookName]: HookSpecs[K]['kind'] } = {
  'query.beforeCompile': 'waterfall',
  'record.beforeWrite': 'waterfall',
  'record.afterWrite': 'series',
  'table.afterPlan': 'parallel',
}

type Args<K extends HookName> = HookSpecs[K]['args']
export type HookHandler<K extends HookName> = HookSpecs[K]['kind'] extends 'waterfall'
  ? (...args: Args<K>) => Args<K>[0] | undefined | Promise<Args<K>[0] | undefined>
  : (...args: Args<K>) => void | Promise<void>

/** Data, checked before a handler is called: it runs only for these tables. */
export interface HookFilter {
  readonly tables?: ReadonlyArray<string>
}

export interface HookTap<K extends HookName = HookName> {
  readonly hook: K
  readonly order: HookOrder
  readonly filter: HookFilter | undefined
  readonly handler: HookHandler<K>
}

export type AnyHookTap = { [K in HookName]: HookTap<K> }[HookName]

export function tap<K extends HookName>(hook: K, opts: { order?: HookOrder; filter?: HookFilter; handler: HookHandler<K> }): AnyHookTap {
  return { hook, order: opts.order ?? 'normal', filter: opts.filter, handler: opts.handler } as unknown as AnyHookTap
}
