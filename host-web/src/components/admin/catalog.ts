import semver from 'semver'
import type { CatalogEntry, CatalogVersion } from './plugin-admin-api.ts'
import { compareNames, localized } from '../../services/plugin-text.ts'

export interface CatalogFilter {
  query: string
  category: string
}

/** Compares versions by semver precedence (rc.10 > rc.9; build metadata ignored); unparsable ones sort last. */
export function compareVersions(a: string, b: string): number {
  const va = semver.valid(a)
  const vb = semver.valid(b)
  if (va && vb) return semver.compare(va, vb)
  return va ? 1 : vb ? -1 : a.localeCompare(b)
}

/** The newest version this kernel can run, or null when none can. */
export function installableVersion(e: CatalogEntry): CatalogVersion | null {
  const ok = e.versions.filter((v) => v.compatible).sort((a, b) => compareVersions(b.version, a.version))
  return ok[0] ?? null
}

/** The kernel range of the latest version: what an incompatible entry needs. */
export function neededKernel(e: CatalogEntry): string {
  return (e.versions.find((v) => v.version === e.latest) ?? e.versions[0])?.kernel ?? ''
}

export type CatalogAction = 'install' | 'update' | 'open' | 'incompatible'

/** The main thing an admin can do with an entry. */
export function actionOf(e: CatalogEntry): CatalogAction {
  if (e.installed) return e.update ? 'update' : 'open'
  return installableVersion(e) ? 'install' : 'incompatible'
}

/** Entries of the category whose id, name or description (in English or as shown) has every word, by the name shown. */
export function filterCatalog(list: readonly CatalogEntry[], f: CatalogFilter): CatalogEntry[] {
  const words = f.query.toLowerCase().split(/\s+/).filter(Boolean)
  return list
    .filter((e) => !f.category || e.category === f.category)
    .filter((e) => {
      const text = [e.id, e.name, e.description, localized(e, 'name'), localized(e, 'description'), e.category].join(' ').toLowerCase()
      return words.every((w) => text.includes(w))
    })
    .sort((a, b) => compareNames(localized(a, 'name'), localized(b, 'name')))
}

/** An icon is an emoji or an image URL. */
export const isImageIcon = (icon: string) => /^(https?:\/\/|\/|data:image\/)/.test(icon)
