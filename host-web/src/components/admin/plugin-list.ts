import type { PluginInfo } from '../../services/endpoints.ts'
import { compareNames, pluginDescription, pluginName } from '../../services/plugin-text.ts'

export type PluginState = PluginInfo['state']
// A cleared select answers undefined, an untouched one ''; both mean any.
export interface PluginFilter {
  query: string
  category: string
  state: PluginState | '' | undefined
}
export interface PluginGroup {
  category: string
  plugins: PluginInfo[]
}

// Known categories first, in the order an admin thinks of them; unknown ones follow alphabetically.
const CATEGORY_ORDER = ['field', 'view', 'widget', 'other']

export function categoryOf(p: PluginInfo): string {
  return p.manifest?.category ?? 'other'
}

function rank(category: string): number {
  const i = CATEGORY_ORDER.indexOf(category)
  return i === -1 ? CATEGORY_ORDER.length : i
}

export function sortCategories(categories: Iterable<string>): string[] {
  return [...new Set(categories)].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))
}

/** Name, id, description (in English and as shown) and contributed type names: what an admin might type to find a plugin. */
function haystack(p: PluginInfo): string {
  return [p.id, p.manifest?.name, p.manifest?.description, pluginName(p), pluginDescription(p), ...Object.values(p.contributes).flat()].filter(Boolean).join(' ').toLowerCase()
}

export function filterPlugins(list: readonly PluginInfo[], f: PluginFilter): PluginInfo[] {
  const words = f.query.toLowerCase().split(/\s+/).filter(Boolean)
  return list.filter((p) => {
    if (f.category && categoryOf(p) !== f.category) return false
    if (f.state && p.state !== f.state) return false
    const text = haystack(p)
    return words.every((w) => text.includes(w))
  })
}

/** Plugins by category, each group sorted by the name shown (in the reader's language). */
export function groupPlugins(list: readonly PluginInfo[]): PluginGroup[] {
  const byCategory = new Map<string, PluginInfo[]>()
  for (const p of list) {
    const c = categoryOf(p)
    byCategory.set(c, [...(byCategory.get(c) ?? []), p])
  }
  return sortCategories(byCategory.keys()).flatMap((category) => {
    const plugins = byCategory.get(category)
    return plugins ? [{ category, plugins: plugins.sort((a, b) => compareNames(pluginName(a), pluginName(b))) }] : []
  })
}

/** Contribution kinds with at least one entry, e.g. `[['fieldTypes', ['url']]]`. */
export function contributions(p: PluginInfo): Array<[kind: string, names: string[]]> {
  return Object.entries(p.contributes).filter(([, names]) => names.length > 0)
}
