import { api } from '@docpal/plugin-sdk/client'
import type { ColumnDraft } from '../../services/endpoints.ts'
import type { BuilderTable } from './draft.ts'

export interface TableBody {
  name: string
  description: string | null
  columns: ColumnDraft[]
}
export interface PlanStep {
  kind: string
  columnId: string
  name: string
  from?: unknown
  to?: unknown
}
export interface DryRun {
  dryRun: true
  plan: { steps: PlanStep[]; conversions?: unknown }
}
export interface SaveOptions {
  force?: boolean
  cascade?: boolean
}

// `false` is left out of the query rather than sent as the text "false".
const flags = (o: SaveOptions & { dryRun?: boolean }) => ({ force: o.force || undefined, cascade: o.cascade || undefined, dryRun: o.dryRun || undefined })

/** The table endpoints the builder uses, with the archived columns it shows. */
export const builderApi = {
  get: (id: string) => api.get<BuilderTable>(`/api/tables/${id}`, { includeArchived: true }),
  create: (appId: string, b: TableBody) => api.post<BuilderTable>(`/api/apps/${appId}/tables`, b),
  dryRun: (id: string, b: TableBody, o: SaveOptions = {}) => api.put<DryRun>(`/api/tables/${id}`, b, flags({ ...o, dryRun: true })),
  update: (id: string, b: TableBody, o: SaveOptions = {}) => api.put<BuilderTable>(`/api/tables/${id}`, b, flags(o)),
  restore: (id: string, columnId: string) => api.post<BuilderTable>(`/api/tables/${id}/columns/${columnId}/restore`),
}
