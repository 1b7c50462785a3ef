import type { ServerPlugin } from './plugin.ts'

/** Every contribution point of a server half, with the words an admin reads for it. */
export const CONTRIBUTION_KINDS = {
  fieldTypes: 'field type',
  viewTypes: 'view type',
  formulaFunctions: 'formula function',
  routes: 'route',
  widgets: 'widget',
  triggers: 'workflow trigger',
  actions: 'workflow action',
} as const

export type ContributionKind = keyof typeof CONTRIBUTION_KINDS
export type Contributions = { [K in ContributionKind]: string[] }

/** The ids a server half contributes per kind (a route's id is `METHOD /url`). */
export function contributionsOf(server: Pick<ServerPlugin, ContributionKind>): Contributions {
  return {
    fieldTypes: (server.fieldTypes ?? []).map((f) => f.type),
    viewTypes: (server.viewTypes ?? []).map((v) => v.type),
    formulaFunctions: (server.formulaFunctions ?? []).map((f) => f.type),
    routes: (server.routes ?? []).map((r) => `${r.method} ${r.url}`),
    widgets: (server.widgets ?? []).map((w) => w.type),
    triggers: (server.triggers ?? []).map((t) => t.type),
    actions: (server.actions ?? []).map((a) => a.type),
  }
}
