import { inject, provide, type Component, type InjectionKey, type Ref } from 'vue'
import type { RecordData, TableMeta } from './types.ts'

export interface AppContext {
  readonly appId: Ref<string>
  readonly app: Ref<{ id: string; name: string; icon?: string | null; description?: string | null } | null>
  /** Reload the app's tables, views and folders (after something changed them). */
  refresh(): Promise<void>
}

export interface TableContext {
  readonly table: Ref<TableMeta | null>
  reload(): Promise<void>
}

export interface ViewInfo {
  readonly id: string
  readonly name: string
  readonly type: string
  readonly dataTableId: string
  readonly queryConfig: Record<string, unknown>
  readonly config: Record<string, unknown>
}

export interface ViewData {
  readonly records: RecordData[]
  readonly total?: number
  readonly groups?: Array<Record<string, unknown>>
}

export interface ViewContext {
  readonly view: Ref<ViewInfo | null>
  readonly table: Ref<TableMeta | null>
  /** The view's data with the view type's extra parameters (a calendar's range, say). */
  load(params?: Record<string, string | number>): Promise<ViewData>
  /** Write one record's fields (by column name) and answer the stored record. */
  update(recordId: string, fields: Record<string, unknown>): Promise<RecordData>
  /** Open the record's form (the host decides how). */
  open(recordId: string): void
  /**
   * Open a form for a new record with these values filled in (by column name), as a calendar
   * does for a clicked day; the person completes and saves it. Hosts without forms leave it out.
   */
  create?(fields: Record<string, unknown>): void
  /**
   * The host's spreadsheet grid over this view (in-cell editing, ranges, copy and paste, fill
   * down, undo, and column order, widths and a summary row saved in the view), for view types
   * that show records as a table: render it with `{ viewId }`. Hosts without one leave it out.
   */
  readonly grid?: Component
}

const APP: InjectionKey<AppContext> = Symbol('docpal.app')
const TABLE: InjectionKey<TableContext> = Symbol('docpal.table')
const VIEW: InjectionKey<ViewContext> = Symbol('docpal.view')

function need<T>(key: InjectionKey<T>, what: string): T {
  const v = inject(key, null)
  if (!v) throw new Error(`${what} is used outside of a component that provides it`)
  return v
}

export const provideAppContext = (c: AppContext): void => provide(APP, c)
export const provideTableContext = (c: TableContext): void => provide(TABLE, c)
export const provideViewContext = (c: ViewContext): void => provide(VIEW, c)
export const useAppContext = (): AppContext => need(APP, 'useAppContext')
export const useTableContext = (): TableContext => need(TABLE, 'useTableContext')
export const useViewContext = (): ViewContext => need(VIEW, 'useViewContext')
/** For components that work with or without a table around them (a field display in a card). */
export const useOptionalTableContext = (): TableContext | null => inject(TABLE, null)
