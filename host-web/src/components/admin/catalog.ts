import type { CatalogEntry, CatalogVersion } from './plugin-admin-api.ts'

export interface CatalogFilter { query: string; category: string }

/** Compares dotted numeric versions (1.10.0 > 1.9.0); a pre-release sorts before its release. */
export function compareVersions(a: string, b: string): number {
  const [coreA = '', preA] = a.split('-', 2)
  const [coreB = '', preB] = b.split('-', 2)
  const pa = coreA.split('.').map(Number)
  const pb = coreB.split('.').map(Number)
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0)
    if (d) return Math.sign(d)
  }
  if (preA === preB) return 0
  return preA === undefined ? 1 : preB === undefined ? -1 : preA.localeCompare(preB)
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

export function filterCatalog(list: readonly CatalogEntry[], f: CatalogFilter): CatalogEntry[] {
  const words = f.query.toLowerCase().split(/\s+/).filter(Boolean)
  return list
    .filter((e) => !f.category || e.category === f.category)
    .filter((e) => {
      const text = [e.id, e.name, e.description, e.category].join(' ').toLowerCase()
      return words.every((w) => text.includes(w))
    })
    .sort((a, b) => a.name.localeCompare(b.name))
}

/** An icon is an emoji or an image URL. */
export const isImageIcon = (icon: string) => /^(https?:\/\/|\/|data:image\/)/.test(icon)
