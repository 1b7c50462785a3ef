import { codes } from '../errors/codes.ts'

/**
 * A typed contribution point keyed by `type`. Entries are tagged with the plugin that added them
 * and change only through the plugin manager (`add` / `removeByPlugin`).
 */
export class ContributionRegistry<T extends { readonly type: string }> {
  readonly #items = new Map<string, { plugin: string; item: T }>()
  constructor(readonly kind: string) {}

  add(plugin: string, item: T): void {
    const existing = this.#items.get(item.type)
    if (existing) throw codes.KRN_ERR_CONTRIBUTION_ALREADY_PRESENT(this.kind, item.type, existing.plugin)
    this.#items.set(item.type, { plugin, item })
  }

  removeByPlugin(plugin: string): void {
    for (const [key, entry] of this.#items) if (entry.plugin === plugin) this.#items.delete(key)
  }

  get(type: string): T | undefined {
    return this.#items.get(type)?.item
  }

  owner(type: string): string | undefined {
    return this.#items.get(type)?.plugin
  }

  byPlugin(plugin: string): T[] {
    return [...this.#items.values()].filter((e) => e.plugin === plugin).map((e) => e.item)
  }

  keys(): string[] {
    return [...this.#items.keys()]
  }

  /** Every entry with its type and plugin, in the order they were added (as `keys`). */
  entries(): Array<{ readonly type: string; readonly plugin: string; readonly item: T }> {
    return [...this.#items].map(([type, { plugin, item }]) => ({ type, plugin, item }))
  }
}
