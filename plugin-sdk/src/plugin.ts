import type { z } from 'zod'
import type { PluginManifestInput } from './manifest.ts'
import type { AnyFieldType } from './field-type.ts'
import type { AnyViewType } from './view-type.ts'
import type { AnyFormulaFunction } from './formula.ts'
import type { AnyHookTap } from './hooks.ts'
import type { AnyRoute } from './routes.ts'
import type { AnyWidget } from './widget.ts'
import type { AnyAction, AnyTrigger } from './workflow.ts'
import type { DomainEventName, DomainEvents } from './events.ts'

export interface PluginLogger {
  info(msg: string, data?: Record<string, unknown>): void
  warn(msg: string, data?: Record<string, unknown>): void
  error(msg: string, data?: Record<string, unknown>): void
}

/** What `setup` receives: services bound to this plugin, released when it is disabled. */
export interface PluginContext<Settings = unknown> {
  readonly pluginId: string
  /** The plugin's settings as the admin last saved them, parsed by its `settings` schema (defaults filled in). */
  settings(): Settings
  /** Called after the admin saves new settings (already validated). */
  onSettingsChange(fn: (settings: Settings) => void | Promise<void>): void
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

export interface ServerPluginDefinition<S extends z.ZodType = z.ZodType> {
  readonly fieldTypes?: ReadonlyArray<AnyFieldType>
  readonly viewTypes?: ReadonlyArray<AnyViewType>
  readonly formulaFunctions?: ReadonlyArray<AnyFormulaFunction>
  readonly hooks?: ReadonlyArray<AnyHookTap>
  readonly routes?: ReadonlyArray<AnyRoute>
  readonly widgets?: ReadonlyArray<AnyWidget>
  readonly triggers?: ReadonlyArray<AnyTrigger>
  readonly actions?: ReadonlyArray<AnyAction>
  readonly migrations?: ReadonlyArray<PluginMigration>
  /** Admin-editable settings: stored by the kernel, validated by this schema, shown as a form. */
  readonly settings?: S
  setup?(ctx: PluginContext<z.output<S>>): void | Promise<void>
}

export interface PluginRef {
  readonly id: string
}

export interface ServerPlugin extends Omit<ServerPluginDefinition, 'setup'> {
  readonly pluginId: string
  setup?(ctx: PluginContext): void | Promise<void>
}

/** Identity for inference; the manifest itself lives in package.json (`docpal`). */
/** A migration of the plugin's own tables (needs the `database` capability). */
export function defineMigration(m: PluginMigration): PluginMigration {
  return m
}

/** Admin-editable settings; `ctx.settings()` in `setup` is typed from this schema. */
export function defineSettings<S extends z.ZodObject>(schema: S): S {
  return schema
}

export function definePlugin<const M extends PluginManifestInput>(manifest: M): M & PluginRef {
  return manifest
}

export function defineServerPlugin<S extends z.ZodType = z.ZodType>(plugin: PluginRef, def: ServerPluginDefinition<S>): ServerPlugin {
  return { ...def, pluginId: plugin.id } as ServerPlugin
}
