import { shallowReactive } from 'vue'
import { i18n } from './i18n.ts'
import type { ClientPlugin, FieldTypeClient, ViewTypeClient, WidgetClient, WorkflowStepClient } from './types.ts'

/**
 * What the enabled plugins' client halves contribute, looked up by type. The shell renders
 * through this registry and never switches on a field or view type itself.
 */
export class ClientRegistry {
  readonly fieldTypes = shallowReactive(new Map<string, FieldTypeClient & { pluginId: string }>())
  readonly viewTypes = shallowReactive(new Map<string, ViewTypeClient & { pluginId: string }>())
  readonly widgets = shallowReactive(new Map<string, WidgetClient & { pluginId: string }>())
  readonly workflowSteps = shallowReactive(new Map<string, WorkflowStepClient & { pluginId: string }>())
  readonly plugins = shallowReactive(new Map<string, ClientPlugin>())

  register(plugin: ClientPlugin): void {
    this.unregister(plugin.id)
    this.plugins.set(plugin.id, plugin)
    for (const f of plugin.fieldTypes ?? []) this.fieldTypes.set(f.type, { ...f, pluginId: plugin.id })
    for (const v of plugin.viewTypes ?? []) this.viewTypes.set(v.type, { ...v, pluginId: plugin.id })
    for (const w of plugin.widgets ?? []) this.widgets.set(w.type, { ...w, pluginId: plugin.id })
    for (const s of plugin.workflowSteps ?? []) this.workflowSteps.set(s.type, { ...s, pluginId: plugin.id })
    for (const [locale, messages] of Object.entries(plugin.messages ?? {})) {
      i18n.global.mergeLocaleMessage(locale, { [plugin.id]: messages })
    }
  }

  unregister(pluginId: string): void {
    if (!this.plugins.delete(pluginId)) return
    for (const [k, f] of this.fieldTypes) if (f.pluginId === pluginId) this.fieldTypes.delete(k)
    for (const [k, v] of this.viewTypes) if (v.pluginId === pluginId) this.viewTypes.delete(k)
    for (const [k, w] of this.widgets) if (w.pluginId === pluginId) this.widgets.delete(k)
    for (const [k, s] of this.workflowSteps) if (s.pluginId === pluginId) this.workflowSteps.delete(k)
  }

  fieldType(type: string): (FieldTypeClient & { pluginId: string }) | undefined {
    return this.fieldTypes.get(type)
  }

  /**
   * A field type's name in the current language, from its plugin's messages: `<plugin>.types.<type>`,
   * or `<plugin>.label` when the plugin offers that one field type (as the shell words them);
   * else the type itself.
   */
  fieldTypeLabel(type: string): string {
    const f = this.fieldTypes.get(type)
    if (!f) return type
    const t = i18n.global
    const has = (key: string) => t.te(key) || t.te(key, 'en')
    const own = `${f.pluginId}.types.${type}`
    if (has(own)) return t.t(own)
    const sole = (this.plugins.get(f.pluginId)?.fieldTypes?.length ?? 0) === 1
    return sole && has(`${f.pluginId}.label`) ? t.t(`${f.pluginId}.label`) : type
  }

  viewType(type: string): (ViewTypeClient & { pluginId: string }) | undefined {
    return this.viewTypes.get(type)
  }

  widget(type: string): (WidgetClient & { pluginId: string }) | undefined {
    return this.widgets.get(type)
  }

  /** A workflow action's own config editor, when its plugin ships one. */
  workflowStep(type: string): (WorkflowStepClient & { pluginId: string }) | undefined {
    return this.workflowSteps.get(type)
  }
}

/** One registry per page: the SDK's client module is loaded once, through the import map. */
export const registry = new ClientRegistry()
