import { markRaw } from 'vue'
import type { ClientPlugin, FieldTypeClient, ViewTypeClient, WidgetClient } from './types.ts'

/** Components are marked raw so the reactive registry never wraps them in proxies. */
export function defineClientPlugin(plugin: ClientPlugin): ClientPlugin {
  return {
    ...plugin,
    fieldTypes: plugin.fieldTypes?.map(rawField),
    viewTypes: plugin.viewTypes?.map(rawView),
    widgets: plugin.widgets?.map(rawWidget),
    workflowSteps: plugin.workflowSteps?.map((s) => ({ ...s, configEditor: markRaw(s.configEditor) })),
  }
}

export function defineWidgetClient(def: WidgetClient): WidgetClient {
  return def
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

function rawWidget(w: WidgetClient): WidgetClient {
  return { ...w, renderer: markRaw(w.renderer), configEditor: w.configEditor && markRaw(w.configEditor) }
}
