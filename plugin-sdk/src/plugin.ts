import type { z } from 'zod'
import type { PluginManifestInput } from './manifest.ts'
import type { AnyFieldType } from './field-type.ts'
import type { AnyViewType } from './view-type.ts'
import type { AnyFormulaFunction } from './formula.ts'
import type { AnyHookTap } from './hooks.ts'
import type { AnyRoute } from './routes.ts'
import type { DomainEventName, DomainEvents } from './events.ts'

export interface PluginLogger {
  info(msg: string, data?: Record<string, unknown>): void
  warn(msg: string, data?: Record<string, unknown>): void
  error(msg: string, data?: Record<string, unknown>): void
}

/** What `setup` receives: services bound to this plugin, released when it is disabled. */
export interface PluginContext {
  readonly pluginId: string
  readonly logger: PluginLogger
  /** Subscribe to a domain event; the subscription ends when the plugin is disabled. */
  on<E extends DomainEventName>(event: E, handler: (payload: DomainEvents[E]) => void): void
  /** Called when the plugin is disabled or the server stops. */
  onDispose(fn: () => void | Promise<void>): void
}

/** A plugin's own metadata tables, applied once, in id order, when it is first enabled. */
export interface PluginMigration {
  readonly id: string
  readonly sql: string
}

export interface ServerPluginDefinition {
  readonly fieldTypes?: ReadonlyArray<AnyFieldType>
  readonly viewTypes?: ReadonlyArray<AnyViewType>
  readonly formulaFunctions?: ReadonlyArray<AnyFormulaFunction>
  readonly hooks?: ReadonlyArray<AnyHookTap>
  readonly routes?: ReadonlyArray<AnyRoute>
  readonly migrations?: ReadonlyArray<PluginMigration>
  readonly settings?: z.ZodType
  setup?(ctx: PluginContext): void | Promise<void>
}

export interface PluginRef {
  readonly id: string
}

export interface ServerPlugin extends ServerPluginDefinition {
  readonly pluginId: string
}

/** Identity for inference; the manifest itself lives in package.json (`docpal`). */
export function definePlugin<const M extends PluginManifestInput>(manifest: M): M & PluginRef {
  return manifest
}

export function defineServerPlugin(plugin: PluginRef, def: ServerPluginDefinition): ServerPlugin {
  return { ...def, pluginId: plugin.id }
}
