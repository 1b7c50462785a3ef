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
import type { PluginLogger } from './plugin-logger.ts'
import type { DependencyRef, DepsSpec, ResolvedDeps, ServiceImplementation } from './services.ts'

export type { PluginLogger } from './plugin-logger.ts'

/** What `setup` receives: services bound to this plugin, released when it is disabled. */
export interface PluginContext<Settings = unknown> {
  readonly pluginId: string
  /** The plugin's settings as the admin last saved them, parsed by its `settings` schema (defaults filled in). */
  settings(): Settings
  /** Called after the admin saves new settings (already validated). */
  onSettingsChange(fn: (settings: Settings) => void | Promise<void>): void
  /**
   * With `settingsScope: 'company'`: the settings of one company (a route's `req.companyId`) as
   * its owner or admins last saved them, parsed, defaults filled in. Other plugins: it rejects
   * (KRN_ERR_VALIDATION), and `settings()` is what they read.
   */
  companySettings(companyId: string): Promise<Settings>
  /** With `settingsScope: 'company'`: called after a company's owner or admins save new settings. */
  onCompanySettingsChange(fn: (companyId: string, settings: Settings) => void | Promise<void>): void
  readonly logger: PluginLogger
  /** Subscribe to a domain event; the subscription ends when the plugin is disabled. */
  on<E extends DomainEventName>(event: E, handler: (payload: DomainEvents[E]) => void): void
  /** Called when the plugin is disabled or the server stops. */
  onDispose(fn: () => void | Promise<void>): void
  /**
   * Publishes a service or extension point for plugins that list this one in `dependsOn` and name
   * the ref in their `deps`. Withdrawn when this plugin is disabled (its dependents go first).
   */
  provide<T>(ref: DependencyRef<T>, impl: ServiceImplementation<T>): void
}

/** Who edits a plugin's settings: the instance admins, or each company's owner and admins. */
export type SettingsScope = 'instance' | 'company'

/** A plugin's own metadata tables, applied once, in id order, when it is first enabled. */
export interface PluginMigration {
  readonly id: string
  readonly sql: string
}

export interface ServerPluginDefinition<S extends z.ZodType = z.ZodType, D extends DepsSpec = DepsSpec> {
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
  /**
   * Who edits `settings`: `'instance'` (default) one value for the server, edited by instance
   * admins; `'company'` one value per company, edited by that company's owner and admins (read
   * with `ctx.companySettings(companyId)`; `ctx.settings()` then answers the schema's defaults).
   */
  readonly settingsScope?: SettingsScope
  /**
   * Services and extension points this plugin needs, by name: kernel ones (`coreServices`) or
   * ones a plugin in `dependsOn` publishes. Each arrives, typed, as `setup`'s second argument;
   * enabling is refused (KRN_ERR_PLUGIN_DEPENDENCY) when one is not there.
   */
  readonly deps?: D
  setup?(ctx: PluginContext<z.output<S>>, deps: ResolvedDeps<D>): void | Promise<void>
}

export interface PluginRef {
  readonly id: string
}

export interface ServerPlugin extends Omit<ServerPluginDefinition, 'setup' | 'deps'> {
  readonly pluginId: string
  readonly deps?: DepsSpec
  setup?(ctx: PluginContext, deps: { readonly [name: string]: unknown }): void | Promise<void>
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

export function defineServerPlugin<S extends z.ZodType = z.ZodType, const D extends DepsSpec = DepsSpec>(plugin: PluginRef, def: ServerPluginDefinition<S, D>): ServerPlugin {
  return { ...def, pluginId: plugin.id }
}
