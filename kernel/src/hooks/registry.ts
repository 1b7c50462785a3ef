import { DocPalError, HOOK_KINDS, type AnyHookTap, type HookName, type HookOrder, type HookSpecs } from '@docpal/plugin-sdk'
import { codes } from '../errors/codes.ts'
import type { Logger } from '../logger.ts'

interface Registered {
  readonly plugin: string
  readonly tap: AnyHookTap
  readonly seq: number
}

const ORDER_RANK: Record<HookOrder, number> = { pre: 0, normal: 1, post: 2 }
const HOOK_TIMEOUT_MS = 10_000

/**
 * Typed hooks whose kind is fixed per name. Order: pre / normal / post, then plugin load order,
 * then registration order; the sorted list is memoised per hook until a plugin changes.
 */
export class HookRegistry {
  readonly #taps: Registered[] = []
  readonly #sorted = new Map<HookName, Registered[]>()
  #seq = 0
  #pluginRank: (plugin: string) => number = () => 0

  constructor(private readonly logger: Logger) {}

  setPluginRank(rank: (plugin: string) => number): void {
    this.#pluginRank = rank
    this.#sorted.clear()
  }

  add(plugin: string, tap: AnyHookTap): void {
    this.#taps.push({ plugin, tap, seq: this.#seq++ })
    this.#sorted.delete(tap.hook)
  }

  removeByPlugin(plugin: string): void {
    for (let i = this.#taps.length - 1; i >= 0; i--) if (this.#taps[i]?.plugin === plugin) this.#taps.splice(i, 1)
    this.#sorted.clear()
  }

  has(hook: HookName): boolean {
    return this.#list(hook).length > 0
  }

  #list(hook: HookName): Registered[] {
    let list = this.#sorted.get(hook)
    if (!list) {
      list = this.#taps
        .filter((r) => r.tap.hook === hook)
        .sort((a, b) => ORDER_RANK[a.tap.order] - ORDER_RANK[b.tap.order] || this.#pluginRank(a.plugin) - this.#pluginRank(b.plugin) || a.seq - b.seq)
      this.#sorted.set(hook, list)
    }
    return list
  }

  #applies(r: Registered, tableId: string | undefined): boolean {
    const tables = r.tap.filter?.tables
    return !tables || tableId === undefined || tables.includes(tableId)
  }

  async #call(r: Registered, hook: HookName, args: unknown[], where: Record<string, unknown> = {}): Promise<unknown> {
    let timer: NodeJS.Timeout | undefined
    try {
      const handler = r.tap.handler as (...a: unknown[]) => unknown
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${HOOK_TIMEOUT_MS} ms`)), HOOK_TIMEOUT_MS)
      })
      return await Promise.race([Promise.resolve(handler(...args)), timeout])
    } catch (err) {
      // A plugin's own 4xx (a veto with a reason) passes through, tagged with the plugin.
      if (err instanceof DocPalError && err.status < 500) {
        throw new DocPalError(err.code, `${err.message} (plugin '${r.plugin}')`, err.status, {
          path: err.path,
          details: { ...err.details, plugin: r.plugin, hook },
          cause: err,
        })
      }
      const why = err instanceof Error ? err.message : String(err)
      // Logged here, once, for every kind: a parallel hook's caller does not wait for the outcome.
      this.logger.error(`plugin '${r.plugin}' failed in hook '${hook}': ${why}`, { plugin: r.plugin, hook, ...where, err: why })
      throw codes.KRN_ERR_HOOK_FAILED(r.plugin, hook, why, { details: { plugin: r.plugin, hook }, cause: err })
    } finally {
      clearTimeout(timer)
    }
  }

  async waterfall<K extends HookName>(hook: K, ...args: HookSpecs[K]['args']): Promise<HookSpecs[K]['args'][0]> {
    assertKind(hook, 'waterfall')
    const [first, ctx] = args as unknown as [unknown, { tableId?: string } | undefined]
    let value = first
    for (const r of this.#list(hook)) {
      if (!this.#applies(r, ctx?.tableId)) continue
      const next = await this.#call(r, hook, [value, ctx])
      if (next !== undefined) value = next
    }
    return value as HookSpecs[K]['args'][0]
  }

  async series<K extends HookName>(hook: K, ...args: HookSpecs[K]['args']): Promise<void> {
    assertKind(hook, 'series')
    const ctx = args[1] as { tableId?: string } | undefined
    for (const r of this.#list(hook)) if (this.#applies(r, ctx?.tableId)) await this.#call(r, hook, args)
  }

  /**
   * Notifications: every tap runs, none waits for another, and a failure is logged by #call (with
   * plugin and hook) rather than thrown, so callers may fire and forget.
   */
  async parallel<K extends HookName>(hook: K, ...args: HookSpecs[K]['args']): Promise<PromiseSettledResult<unknown>[]> {
    assertKind(hook, 'parallel')
    // Notifications carry no context argument; their payload names the table (table.afterPlan).
    const tableId = ((args[1] ?? args[0]) as { tableId?: string } | undefined)?.tableId
    return Promise.allSettled(
      this.#list(hook)
        .filter((r) => this.#applies(r, tableId))
        .map((r) => this.#call(r, hook, args, tableId === undefined ? {} : { tableId })),
    )
  }
}

function assertKind(hook: HookName, kind: string): void {
  if (HOOK_KINDS[hook] !== kind) throw codes.KRN_ERR_INVARIANT(`hook '${hook}' run as the ${HOOK_KINDS[hook]} hook it is (not as ${kind})`)
}
