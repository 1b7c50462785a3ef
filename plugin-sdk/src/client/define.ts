import { markRaw } from 'vue'
import type { ClientPlugin, FieldTypeClient, ViewTypeClient } from './types.ts'

/** Components are marked raw so the reactive registry never wraps them in proxies. */
export function defineClientPlugin(plugin: ClientPlugin): ClientPlugin {
  return {
    ...plugin,
    fieldTypes: plugin.fieldTypes?.map(rawField),
    viewTypes: plugin.viewTypes?.map(rawView),
  }
}

export function defineFieldTypeClient(def: FieldTypeClient): FieldTypeClient {
  return def
}

export function defineViewTypeClient(def: ViewTypeClient): ViewTypeClient {
  return def
}

function rawField(f: FieldTypeClient): FieldTypeClient {
  return {
    ...f,
    display: markRaw(f.display),
    editor: f.editor && markRaw(f.editor),
    configEditor: f.configEditor && markRaw(f.configEditor),
    filterInput: f.filterInput && markRaw(f.filterInput),
  }
}

function rawView(v: ViewTypeClient): ViewTypeClient {
  return { ...v, renderer: markRaw(v.renderer), configEditor: v.configEditor && markRaw(v.configEditor) }
}
