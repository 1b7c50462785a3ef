import {
  CONTRIBUTION_KINDS,
  type AnyAction,
  type AnyFieldType,
  type AnyFormulaFunction,
  type AnyRoute,
  type AnyTrigger,
  type AnyViewType,
  type AnyWidget,
  type ContributionKind,
  type ServerPlugin,
} from '@docpal/plugin-sdk'
import { ContributionRegistry } from './contribution-registry.ts'

export interface PluginRoute extends AnyRoute {
  readonly type: string
}

/** One registry per contribution kind, each entry tagged with the plugin that added it. */
export interface Registries {
  readonly fieldTypes: ContributionRegistry<AnyFieldType>
  readonly viewTypes: ContributionRegistry<AnyViewType>
  readonly routes: ContributionRegistry<PluginRoute>
  readonly formulaFunctions: ContributionRegistry<AnyFormulaFunction>
  readonly widgets: ContributionRegistry<AnyWidget>
  readonly triggers: ContributionRegistry<AnyTrigger>
  readonly actions: ContributionRegistry<AnyAction>
}

export function createRegistries(): Registries {
  return {
    fieldTypes: new ContributionRegistry<AnyFieldType>('field type'),
    viewTypes: new ContributionRegistry<AnyViewType>('view type'),
    routes: new ContributionRegistry<PluginRoute>('route'),
    formulaFunctions: new ContributionRegistry<AnyFormulaFunction>('formula function'),
    widgets: new ContributionRegistry<AnyWidget>('widget'),
    triggers: new ContributionRegistry<AnyTrigger>('workflow trigger'),
    actions: new ContributionRegistry<AnyAction>('workflow action'),
  }
}

/** Adds everything a server half contributes; a clash throws before the plugin counts as loaded. */
export function addContributions(r: Registries, pluginId: string, server: ServerPlugin): void {
  for (const f of server.fieldTypes ?? []) r.fieldTypes.add(pluginId, f)
  for (const v of server.viewTypes ?? []) r.viewTypes.add(pluginId, v)
  for (const x of server.routes ?? []) r.routes.add(pluginId, { ...x, type: `${x.method} ${x.url}` })
  for (const f of server.formulaFunctions ?? []) r.formulaFunctions.add(pluginId, f)
  for (const w of server.widgets ?? []) r.widgets.add(pluginId, w)
  for (const t of server.triggers ?? []) r.triggers.add(pluginId, t)
  for (const a of server.actions ?? []) r.actions.add(pluginId, a)
}

export function removeContributions(r: Registries, pluginId: string): void {
  for (const kind of Object.keys(CONTRIBUTION_KINDS) as ContributionKind[]) r[kind].removeByPlugin(pluginId)
}
