import { api, ApiError, csrfHeaders } from '@docpal/plugin-sdk/client'
import type { PluginInfo, PluginTranslations } from '../../services/endpoints.ts'
import type { JsonSchema } from '../plugin-settings/schema-form.ts'

/** The plugin list entry with what the install API adds (optional: older servers omit it). */
/** `settings`: the plugin declares admin-editable settings (enabled plugins only). */
export type AdminPlugin = PluginInfo & { source?: 'builtin' | 'installed'; sha256?: string | null; settings?: boolean }

const companySettingsUrl = (companyId: string, id: string) => `/api/companies/${encodeURIComponent(companyId)}/plugins/${encodeURIComponent(id)}/settings`

export interface CatalogVersion {
  version: string
  kernel: string
  downloadUrl: string
  sha256: string
  compatible: boolean
}
export interface CatalogEntry {
  id: string
  name: string
  description: string
  /** Shown through `localized` (services/plugin-text.ts), in the reader's language. */
  translations?: PluginTranslations
  category: string
  icon: string
  latest: string
  versions: CatalogVersion[]
  installed: { version: string; state: PluginInfo['state']; source: 'builtin' | 'installed' } | null
  update: string | null
}
export interface Catalog {
  source: string
  plugins: CatalogEntry[]
}

/** An enabled plugin's settings: the JSON Schema a form is built from and the current value; both null without settings. */
export interface PluginSettings {
  schema: JsonSchema | null
  value: unknown
}

/** A catalog download: the plugin's id in the catalog and, optionally, which version. */
export interface CatalogPick {
  catalog: string
  version?: string
}

/** Sends raw bytes (a .tgz) and reads the answer as the JSON client does, errors as `ApiError`. */
async function postBytes<T>(url: string, bytes: Blob, query: Record<string, string>): Promise<T> {
  const qs = new URLSearchParams(query).toString()
  const res = await fetch(qs ? `${url}?${qs}` : url, { method: 'POST', headers: { ...csrfHeaders('POST'), 'content-type': 'application/gzip' }, body: bytes })
  const text = await res.text()
  let data: unknown = null
  try {
    data = text ? JSON.parse(text) : null
  } catch {
    // a proxy's HTML error page: the status says enough
  }
  if (!res.ok) {
    const e = (data as { error?: { code?: string; message?: string; path?: Array<string | number>; details?: Record<string, unknown> } } | null)?.error
    throw new ApiError(res.status, e?.code ?? `HTTP_${res.status}`, e?.message ?? res.statusText, e?.path ?? [], e?.details ?? {})
  }
  return data as T
}

/** The install HTTP contract of issue 5 (docs/plugins.md). */
export const pluginAdmin = {
  upload: (bytes: Blob, sha256?: string) => postBytes<AdminPlugin>('/api/plugins/install', bytes, sha256 ? { sha256 } : {}),
  installFromCatalog: (pick: CatalogPick) => api.post<AdminPlugin>('/api/plugins/install', pick),
  update: (id: string, pick: CatalogPick) => api.post<AdminPlugin>(`/api/plugins/${encodeURIComponent(id)}/update`, pick),
  uninstall: (id: string) => api.delete<unknown>(`/api/plugins/${encodeURIComponent(id)}`),
  enable: (id: string) => api.post<AdminPlugin>(`/api/plugins/${encodeURIComponent(id)}/enable`),
  disable: (id: string, force = false) => api.post<AdminPlugin>(`/api/plugins/${encodeURIComponent(id)}/disable`, {}, force ? { force: true } : undefined),
  catalog: () => api.get<Catalog>('/api/plugin-catalog'),
  settings: (id: string) => api.get<PluginSettings>(`/api/plugins/${encodeURIComponent(id)}/settings`),
  saveSettings: (id: string, value: unknown) => api.put<PluginSettings>(`/api/plugins/${encodeURIComponent(id)}/settings`, value),
  /** A company's settings of a plugin that keeps them per company (its owner and admins). */
  companySettings: (companyId: string, id: string) => api.get<PluginSettings>(companySettingsUrl(companyId, id)),
  saveCompanySettings: (companyId: string, id: string, value: unknown) => api.put<PluginSettings>(companySettingsUrl(companyId, id), value),
}
