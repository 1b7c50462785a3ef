import { api, currentViewAs, type ColumnInfo, type RecordData, type TableMeta, type ViewInfo } from '@docpal/plugin-sdk/client'

/** The summary row's answer: the values asked for (by column id), and what each column can show. */
export interface SummaryAnswer {
  total: number
  summaries: Record<string, unknown>
  kinds: Record<string, Array<'count' | 'empty' | 'sum' | 'avg' | 'min' | 'max'>>
}

/** A pasted cell the server left out: the record's index in the request, the column, why. */
export interface CellRejected {
  index: number
  field: string
  reason: string
}

export interface AppInfo {
  id: string
  name: string
  icon: string | null
  description: string | null
  createdAt: string
  updatedAt: string
}
export interface FolderItem {
  id: string
  itemType: 'table' | 'view'
  itemId: string
  order: number
}
export interface FolderInfo {
  id: string
  appId: string
  parentId: string | null
  name: string
  description: string | null
  order: number
  items: FolderItem[]
}
/** A manifest's `translations`: name and description by locale (`'zh-CN'`), either may be missing. */
export type PluginTranslations = Readonly<Record<string, { readonly name?: string; readonly description?: string }>>
export interface PluginInfo {
  id: string
  state: 'enabled' | 'disabled' | 'failed'
  reason: string | null
  client: string | null
  manifest: {
    id: string
    name: string
    version: string
    kernel: string
    category: string
    description?: string
    dependsOn: string[]
    capabilities?: string[]
    /** Shown through `pluginName` / `pluginDescription` (services/plugin-text.ts), in the reader's language. */
    translations?: PluginTranslations
  } | null
  contributes: Record<string, string[]>
  /** The plugin declares admin-editable settings (known for enabled plugins). */
  settings?: boolean
  /** Its settings are kept per company: each company's owner and admins edit their own (enabled plugins). */
  companySettings?: boolean
}
export interface FieldTypeInfo {
  type: string
  label: string
  description: string | null
  plugin: string
  computed: boolean
  relation: boolean
  configSchema: Record<string, unknown> | null
  operators: Array<{ op: string; takesValue: boolean }>
}
export interface ViewTypeInfo {
  type: string
  label: string
  description: string | null
  plugin: string
  configSchema: Record<string, unknown> | null
}
export interface Page {
  records: RecordData[]
  total?: number
  limit: number
  offset: number
  nextCursor?: string
  groups?: Array<Record<string, unknown>>
}
export interface ColumnDraft {
  id?: string
  name: string
  type: string
  config?: Record<string, unknown>
  required?: boolean
}
export interface ChangeReport {
  columns?: unknown
  changes?: Array<Record<string, unknown>>
  [k: string]: unknown
}
/** 'sort': a btree for filters and sorts; 'search': trigrams for quick search of a text column. */
export type IndexKind = 'sort' | 'search'
/** GET /api/tables/:id/indexes: indexed columns and the indexes slow queries earned. */
export interface IndexAdvice {
  autoIndex: boolean
  slowQueryMs: number
  indexed: Array<{ fieldId: string; field: string; index: string; kind: IndexKind }>
  proposals: Array<{ fieldId: string; field: string; kind: IndexKind; filtered: number; sorted: number; searched: number; slowQueries: number; meanSlowMs: number; reason: string }>
}

export interface QueryBody {
  filter?: unknown
  sort?: unknown
  fields?: string[]
  limit?: number
  offset?: number
  cursor?: string
  count?: boolean | 'estimate'
  search?: string
}

const q = (v: unknown) => JSON.stringify(v)

/**
 * A record query as the GET list's query string. A preview ("view as") sends its header on GETs
 * only (the server refuses it on any other method), so a previewed query goes as a GET.
 */
function asListQuery(b: QueryBody): Record<string, string | number | undefined> {
  const json = (v: unknown) => (v === undefined ? undefined : q(v))
  return {
    filter: json(b.filter),
    sort: json(b.sort),
    fields: json(b.fields),
    search: b.search,
    limit: b.limit,
    offset: b.offset,
    cursor: b.cursor,
    count: b.count === undefined ? undefined : String(b.count),
  }
}

/** Typed wrappers over the public API (docs: /api/docs). */
export const endpoints = {
  apps: {
    list: () => api.get<AppInfo[]>('/api/apps'),
    get: (id: string) => api.get<AppInfo>(`/api/apps/${id}`),
    create: (b: { name: string; icon?: string; description?: string }) => api.post<AppInfo>('/api/apps', b),
    update: (id: string, b: Partial<Pick<AppInfo, 'name' | 'icon' | 'description'>>) => api.put<AppInfo>(`/api/apps/${id}`, b),
    remove: (id: string) => api.delete<unknown>(`/api/apps/${id}`),
  },
  folders: {
    list: (appId: string) => api.get<FolderInfo[]>(`/api/apps/${appId}/folders`),
    create: (appId: string, b: { name: string; parentId?: string | null; description?: string; order?: number }) => api.post<FolderInfo>(`/api/apps/${appId}/folders`, b),
    update: (id: string, b: { name?: string; description?: string | null; parentId?: string | null; order?: number }) => api.put<FolderInfo>(`/api/folders/${id}`, b),
    remove: (id: string) => api.delete<unknown>(`/api/folders/${id}`),
    addItem: (id: string, b: { itemType: 'table' | 'view'; itemId: string; order?: number }) => api.post<FolderItem>(`/api/folders/${id}/items`, b),
    reorder: (id: string, b: unknown) => api.put<unknown>(`/api/folders/${id}/items`, b),
    removeItem: (folderId: string, itemId: string) => api.delete<unknown>(`/api/folders/${folderId}/items/${itemId}`),
  },
  tables: {
    list: (appId: string) => api.get<TableMeta[]>(`/api/apps/${appId}/tables`),
    get: (id: string) => api.get<TableMeta>(`/api/tables/${id}`),
    create: (appId: string, b: { name: string; description?: string; columns: ColumnDraft[] }) => api.post<TableMeta>(`/api/apps/${appId}/tables`, b),
    update: (id: string, b: { name?: string; description?: string; columns?: ColumnDraft[] }, opts: { dryRun?: boolean; force?: boolean; cascade?: boolean } = {}) =>
      api.put<TableMeta & ChangeReport>(`/api/tables/${id}`, b, opts),
    remove: (id: string) => api.delete<unknown>(`/api/tables/${id}`),
    addColumn: (id: string, b: ColumnDraft) => api.post<TableMeta>(`/api/tables/${id}/columns`, b),
    patchColumn: (id: string, columnId: string, b: Partial<ColumnDraft> & { order?: number }, opts: { dryRun?: boolean; force?: boolean } = {}) =>
      api.patch<TableMeta & ChangeReport>(`/api/tables/${id}/columns/${columnId}`, b, opts),
    removeColumn: (id: string, columnId: string, opts: { cascade?: boolean } = {}) => api.delete<TableMeta>(`/api/tables/${id}/columns/${columnId}`, opts),
    indexes: (id: string) => api.get<IndexAdvice>(`/api/tables/${id}/indexes`),
    createIndex: (id: string, field: string, kind: IndexKind = 'sort') => api.post<{ field: string; created: boolean; ms: number }>(`/api/tables/${id}/indexes`, { field, kind }),
  },
  records: {
    query: (tableId: string, b: QueryBody) =>
      currentViewAs() ? api.get<Page>(`/api/tables/${tableId}/records`, asListQuery(b)) : api.post<Page>(`/api/tables/${tableId}/records/query`, b),
    // The unfiltered first page as a GET: the served page preloads this very URL (host-server web.ts).
    firstPage: (tableId: string, limit: number) => api.get<Page>(`/api/tables/${tableId}/records`, { limit, offset: 0, count: 'estimate' }),
    get: (tableId: string, id: string) => api.get<RecordData>(`/api/tables/${tableId}/records/${id}`),
    /** `via: 'form'`: submitted through the table's form (workflows' "form submitted" trigger starts on these). */
    create: (tableId: string, fields: Record<string, unknown>, via?: 'form') => api.post<RecordData>(`/api/tables/${tableId}/records${via ? `?via=${via}` : ''}`, { fields }),
    patch: (tableId: string, id: string, fields: Record<string, unknown>) => api.patch<RecordData>(`/api/tables/${tableId}/records/${id}`, { fields }),
    remove: (tableId: string, id: string) => api.delete<unknown>(`/api/tables/${tableId}/records/${id}`),
    removeMany: (tableId: string, ids: readonly string[]) => api.post<{ deleted: number }>(`/api/tables/${tableId}/records/delete`, { ids }),
    /** Deleted records back as they were: same ids, values and links (undo of a delete). */
    restore: (tableId: string, ids: readonly string[]) => api.post<{ restored: number; ids: string[]; linksSkipped: number }>(`/api/tables/${tableId}/records/restore`, { ids }),
    /** Several records' fields at once (one transaction); `text`: pasted spreadsheet text, refused cells skipped and listed. */
    updateMany: (tableId: string, records: ReadonlyArray<{ id: string; fields: Record<string, unknown> }>, text = false) =>
      api.patch<{ updated: number; records: RecordData[]; rejected: CellRejected[] }>(
        `/api/tables/${tableId}/records`,
        { records },
        text ? { input: 'text', onInvalid: 'skip' } : undefined,
      ),
    /** The summary row over every record the filter and search match (column ids to kinds). */
    summary: (tableId: string, b: { filter?: unknown; search?: string; summaries: Record<string, string> }) => api.post<SummaryAnswer>(`/api/tables/${tableId}/records/summary`, b),
    /** New records at once (COPY); `text` as for updateMany. */
    createMany: (tableId: string, records: ReadonlyArray<{ fields: Record<string, unknown> }>, text = false) =>
      api.post<{ created: number; ids: string[]; rejected?: CellRejected[] }>(
        `/api/tables/${tableId}/records/bulk`,
        { records },
        text ? { input: 'text', onInvalid: 'skip' } : undefined,
      ),
  },
  views: {
    list: (appId: string) => api.get<ViewInfo[]>(`/api/apps/${appId}/views`),
    get: (id: string) => api.get<ViewInfo>(`/api/views/${id}`),
    create: (
      appId: string,
      b: { name: string; description?: string; dataTableId: string; type: string; queryConfig?: Record<string, unknown>; config?: Record<string, unknown> },
    ) => api.post<ViewInfo>(`/api/apps/${appId}/views`, b),
    update: (id: string, b: Partial<{ name: string; description: string; queryConfig: Record<string, unknown>; config: Record<string, unknown> }>) =>
      api.put<ViewInfo>(`/api/views/${id}`, b),
    remove: (id: string) => api.delete<unknown>(`/api/views/${id}`),
    data: (id: string, params: Record<string, string | number | undefined> = {}) => api.get<Page>(`/api/views/${id}/data`, params),
    summary: (id: string, b: { search?: string; summaries: Record<string, string> }) => api.post<SummaryAnswer>(`/api/views/${id}/summary`, b),
  },
  plugins: {
    list: () => api.get<PluginInfo[]>('/api/plugins'),
    enable: (id: string) => api.post<PluginInfo>(`/api/plugins/${id}/enable`),
    disable: (id: string) => api.post<PluginInfo>(`/api/plugins/${id}/disable`),
  },
  fieldTypes: () => api.get<FieldTypeInfo[]>('/api/field-types'),
  viewTypes: () => api.get<ViewTypeInfo[]>('/api/view-types'),
  json: q,
}

export type { ColumnInfo, RecordData, TableMeta, ViewInfo }
