import { api, ApiError, csrfHeaders } from '@docpal/plugin-sdk/client'

/** What /api/imports answers (docs/import-export.md). */
export interface ImportInfo {
  id: string
  fileName: string
  format: 'csv' | 'tsv' | 'xlsx'
  encoding: string | null
  delimiter: string | null
  header: boolean
  state: 'uploaded' | 'running' | 'done' | 'refused' | 'failed'
  mode: 'skipInvalid' | 'atomic' | null
  tableId: string | null
  total: number | null
  processed: number
  written: number
  rejected: number
  /** `reasons`: the reason by locale where the server words it in other languages than English. */
  report: Array<{ row: number; column: string | null; reason: string; reasons?: Record<string, string> }>
  error: { code: string; message: string } | null
  preview: { columns: Array<{ index: number; name: string; detected: { type: string; config?: Record<string, unknown> } }>; rows: Array<Array<string | null>> }
}

export type Mapping = { source: number; field: string } | { source: number; create: { name: string; type: string; config?: Record<string, unknown> } }

/** The media type the server reads a file by (browsers give .tsv and .csv inconsistent types). */
function mediaType(name: string): string {
  if (/\.xlsx$/i.test(name)) return 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
  if (/\.(tsv|tab)$/i.test(name)) return 'text/tab-separated-values'
  return 'text/csv'
}

/** Uploads the file as the raw body (the server streams it to disk) and answers its preview. */
export async function uploadFile(file: File): Promise<ImportInfo> {
  const res = await fetch(`/api/imports?fileName=${encodeURIComponent(file.name)}`, {
    method: 'POST',
    headers: { ...csrfHeaders('POST'), 'content-type': mediaType(file.name) },
    body: file,
  })
  const text = await res.text()
  const data: unknown = text ? JSON.parse(text) : null
  if (!res.ok) {
    const e = (data as { error?: { code?: string; message?: string } } | null)?.error
    throw new ApiError(res.status, e?.code ?? `HTTP_${res.status}`, e?.message ?? res.statusText)
  }
  return data as ImportInfo
}

export const imports = {
  get: (id: string) => api.get<ImportInfo>(`/api/imports/${id}`),
  reread: (id: string, b: { header?: boolean }) => api.patch<ImportInfo>(`/api/imports/${id}`, b),
  start: (id: string, b: { tableId?: string; newTable?: { appId: string; name: string }; mode: 'skipInvalid' | 'atomic'; columns: Mapping[] }) =>
    api.post<ImportInfo>(`/api/imports/${id}/start`, b),
}
