import 'reflect-metadata'
import type { DependencyContainer } from 'tsyringe'
import { coreServices, type Contributions, type DependencyRef, type DepsSpec, type ServiceImplementation } from '@docpal/plugin-sdk'
import { codes } from '../errors/codes.ts'
import type { Logger } from '../logger.ts'
import { bind, isBound, resolve } from './service-ref.ts'

type Disposer = () => void | Promise<void>

interface Provider {
  readonly owner: string
  readonly impl: ServiceImplementation<unknown>
}

interface PluginScope {
  readonly container: DependencyContainer
  readonly disposers: Disposer[]
}

/**
 * A child container per enabled plugin: the kernel's services (from the root container), its own
 * logger, and an instance of every service or extension point it declared in `deps` that a plugin
 * in its `dependsOn` publishes. Disposing the scope runs the publishers' clean-ups for it.
 */
export class PluginServices {
  readonly #providers = new Map<string, Provider>()
  readonly #scopes = new Map<string, PluginScope>()

  constructor(
    private readonly root: DependencyContainer,
    private readonly logger: Logger,
  ) {}

  /**
   * Creates the plugin's container and resolves its `deps`. Refused (KRN_ERR_PLUGIN_DEPENDENCY)
   * when a ref is bound nowhere, or is published by a plugin it does not declare in `dependsOn`
   * (so load order and the disable refusal know about the dependency).
   */
  open(pluginId: string, dependsOn: ReadonlyArray<string>, spec: DepsSpec): { readonly [name: string]: unknown } {
    const container = this.root.createChildContainer()
    const scope: PluginScope = { container, disposers: [] }
    this.#scopes.set(pluginId, scope)
    bind(container, coreServices.logger, this.logger.child({ plugin: pluginId }))
    const deps: Record<string, unknown> = {}
    for (const [name, ref] of Object.entries(spec)) {
      const provider = this.#providers.get(ref.id)
      if (provider) {
        if (!dependsOn.includes(provider.owner)) {
          throw codes.KRN_ERR_PLUGIN_DEPENDENCY(pluginId, `it uses '${ref.id}' of plugin '${provider.owner}'; add '${provider.owner}' to its dependsOn`, {
            details: { service: ref.id, provider: provider.owner },
          })
        }
        bind(container, ref, provider.impl.forPlugin({ pluginId, onDispose: (fn) => scope.disposers.push(fn) }))
      } else if (ref.kind === 'extensionPoint' || ref.scope === 'request' || !isBound(container, ref)) {
        throw codes.KRN_ERR_PLUGIN_DEPENDENCY(pluginId, `no enabled plugin or kernel service provides '${ref.id}' (deps.${name})`, {
          details: { service: ref.id, missing: [ref.id] },
        })
      }
      deps[name] = resolve(container, ref)
    }
    return deps
  }

  /** The plugin's container while it is enabled. */
  containerOf(pluginId: string): DependencyContainer | undefined {
    return this.#scopes.get(pluginId)?.container
  }

  provide<T>(owner: string, ref: DependencyRef<T>, impl: ServiceImplementation<T>): void {
    const existing = this.#providers.get(ref.id)
    if (existing) throw codes.KRN_ERR_CONTRIBUTION_ALREADY_PRESENT('service', ref.id, existing.owner)
    this.#providers.set(ref.id, { owner, impl })
  }

  /** What `pluginId` added through other plugins' extension points, by contribution kind. */
  contributed(pluginId: string): Partial<Contributions> {
    const out: Partial<Contributions> = {}
    for (const { impl } of this.#providers.values()) {
      for (const [kind, types] of Object.entries(impl.contributed?.(pluginId) ?? {}) as Array<[keyof Contributions, string[] | undefined]>) {
        if (types?.length) out[kind] = [...(out[kind] ?? []), ...types]
      }
    }
    return out
  }

  /** Withdraws what the plugin published and disposes its container; failures are logged. */
  async close(pluginId: string): Promise<void> {
    for (const [id, p] of this.#providers) if (p.owner === pluginId) this.#providers.delete(id)
    const scope = this.#scopes.get(pluginId)
    if (!scope) return
    this.#scopes.delete(pluginId)
    for (const fn of scope.disposers) {
      try {
        await fn()
      } catch (err) {
        this.logger.error(`a service given to plugin '${pluginId}' failed while disposing`, { plugin: pluginId, err: err instanceof Error ? err.message : String(err) })
      }
    }
    await scope.container.dispose()
  }
}
