import type { PluginInfo } from '../../services/endpoints.ts'

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

export function displayName(p: PluginInfo): string {
  return p.manifest?.name ?? p.id
}

function rank(category: string): number {
  const i = CATEGORY_ORDER.indexOf(category)
  return i === -1 ? CATEGORY_ORDER.length : i
}

export function sortCategories(categories: Iterable<string>): string[] {
  return [...new Set(categories)].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))
}

/** Name, id, description and contributed type names: what an admin might type to find a plugin. */
function haystack(p: PluginInfo): string {
  return [p.id, p.manifest?.name, p.manifest?.description, ...Object.values(p.contributes).flat()].filter(Boolean).join(' ').toLowerCase()
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

/** Plugins by category, each group sorted by display name. */
export function groupPlugins(list: readonly PluginInfo[]): PluginGroup[] {
  const byCategory = new Map<string, PluginInfo[]>()
  for (const p of list) {
    const c = categoryOf(p)
    byCategory.set(c, [...(byCategory.get(c) ?? []), p])
  }
  return sortCategories(byCategory.keys()).flatMap((category) => {
    const plugins = byCategory.get(category)
    return plugins ? [{ category, plugins: plugins.sort((a, b) => displayName(a).localeCompare(displayName(b))) }] : []
  })
}

/** Contribution kinds with at least one entry, e.g. `[['fieldTypes', ['url']]]`. */
export function contributions(p: PluginInfo): Array<[kind: string, names: string[]]> {
  return Object.entries(p.contributes).filter(([, names]) => names.length > 0)
}
