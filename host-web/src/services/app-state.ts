import { ref, type Ref } from 'vue'
import type { AppContext, TableMeta, ViewInfo } from '@docpal/plugin-sdk/client'
import { endpoints, type AppInfo, type FolderInfo } from './endpoints.ts'
import { loadFailure, type LoadFailure } from './load-failure.ts'

/** An app's tables, views and folders, loaded together for the sidebar and shared by its pages. */
export interface AppState extends AppContext {
  readonly tables: Ref<TableMeta[]>
  readonly views: Ref<ViewInfo[]>
  readonly folders: Ref<FolderInfo[]>
  readonly error: Ref<LoadFailure | null>
}

export function createAppState(appId: Ref<string>): AppState {
  const app = ref<AppInfo | null>(null)
  const tables = ref<TableMeta[]>([])
  const views = ref<ViewInfo[]>([])
  const folders = ref<FolderInfo[]>([])
  const error = ref<LoadFailure | null>(null)
  async function refresh() {
    try {
      const id = appId.value
      const asked = endpoints.apps.get(id)
      // When the app itself cannot be read, its own refusal says why (the lists' 404s say less).
      const [a, t, v, f] = await Promise.all([asked, endpoints.tables.list(id), endpoints.views.list(id), endpoints.folders.list(id)]).catch((err: unknown) =>
        asked.then(
          () => Promise.reject(err instanceof Error ? err : new Error(String(err))),
          (appErr: unknown) => Promise.reject(appErr instanceof Error ? appErr : new Error(String(appErr))),
        ),
      )
      app.value = a
      tables.value = t
      views.value = v
      folders.value = f
      error.value = null
    } catch (err) {
      error.value = loadFailure(err)
    }
  }
  return { appId, app, tables, views, folders, error, refresh }
}
