import { readFile } from 'node:fs/promises'
import { dirname, isAbsolute, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import semver from 'semver'
import { present } from '@docpal/plugin-sdk'
import { hostCodes } from '../errors/codes.ts'
import { CatalogSchema, type Catalog, type CatalogPlugin, type CatalogVersion } from './catalog-schema.ts'

/** The catalog shipped with DocPal: the first-party plugins and the example, as tarballs. */
export const SHIPPED_CATALOG = fileURLToPath(new URL('../../catalog/index.json', import.meta.url))

/** The largest plugin tarball taken, uploaded or downloaded. */
export const MAX_ARCHIVE = 50 * 1024 * 1024
const TIMEOUT_MS = 15_000
const isUrl = (s: string) => /^https?:\/\//i.test(s)

async function fetchBytes(url: string, limit: number): Promise<Buffer> {
  const res = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS), redirect: 'follow' })
  if (!res.ok) throw new Error(`${url} answered ${res.status} ${res.statusText}`)
  const size = Number(res.headers.get('content-length') ?? 0)
  if (size > limit) throw new Error(`${url} is ${size} bytes, more than ${limit}`)
  const data = Buffer.from(await res.arrayBuffer())
  if (data.length > limit) throw new Error(`${url} is more than ${limit} bytes`)
  return data
}

/**
 * Reads the configured catalog (a file path or an http(s) URL) on each request, so editing it
 * needs no restart; a remote one is kept for a minute.
 */
export class CatalogSource {
  #cached: { at: number; catalog: Catalog } | undefined

  readonly location: string

  /** `location`: an http(s) URL, or a file path (relative to the working directory). */
  constructor(location: string = SHIPPED_CATALOG) {
    this.location = isUrl(location) ? location : resolve(location)
  }

  async read(): Promise<Catalog> {
    if (this.#cached && isUrl(this.location) && Date.now() - this.#cached.at < 60_000) return this.#cached.catalog
    let text: string
    try {
      text = isUrl(this.location) ? (await fetchBytes(this.location, 10 * 1024 * 1024)).toString('utf8') : await readFile(this.location, 'utf8')
    } catch (err) {
      throw hostCodes.HST_ERR_CATALOG_UNAVAILABLE(this.location, err instanceof Error ? err.message : String(err))
    }
    let json: unknown
    try {
      json = JSON.parse(text)
    } catch (err) {
      throw hostCodes.HST_ERR_CATALOG_UNAVAILABLE(this.location, `it is not JSON (${err instanceof Error ? err.message : String(err)})`)
    }
    const parsed = CatalogSchema.safeParse(json)
    if (!parsed.success) {
      throw hostCodes.HST_ERR_CATALOG_UNAVAILABLE(
        this.location,
        parsed.error.issues
          .slice(0, 3)
          .map((i) => `${i.path.join('.')}: ${i.message}`)
          .join('; '),
      )
    }
    this.#cached = { at: Date.now(), catalog: parsed.data }
    return parsed.data
  }

  /** A version of a catalog plugin: the one asked for, else the newest this kernel can run. */
  async pick(id: string, version: string | undefined, kernelVersion: string): Promise<{ plugin: CatalogPlugin; version: CatalogVersion }> {
    const plugin = (await this.read()).plugins.find((p) => p.id === id)
    if (!plugin) throw hostCodes.HST_ERR_CATALOG_NO_PLUGIN(id, version)
    const found = version ? plugin.versions.find((v) => v.version === version) : (newestCompatible(plugin, kernelVersion) ?? newest(plugin))
    if (!found) throw hostCodes.HST_ERR_CATALOG_NO_PLUGIN(id, version)
    return { plugin, version: found }
  }

  /** Downloads a version's tarball; the caller checks it against the catalog's sha256. */
  async download(v: CatalogVersion): Promise<Buffer> {
    const where = this.#resolve(v.downloadUrl)
    try {
      return isUrl(where) ? await fetchBytes(where, MAX_ARCHIVE) : await readFile(where)
    } catch (err) {
      throw hostCodes.HST_ERR_CATALOG_DOWNLOAD(where, err instanceof Error ? err.message : String(err))
    }
  }

  #resolve(url: string): string {
    if (isUrl(url)) return url
    if (url.startsWith('file:')) return fileURLToPath(url)
    if (isUrl(this.location)) return new URL(url, this.location).href
    return isAbsolute(url) ? url : resolve(dirname(this.location), url)
  }
}

export function newest(p: CatalogPlugin): CatalogVersion {
  const sorted = [...p.versions].sort((a, b) => (semver.valid(a.version) && semver.valid(b.version) ? semver.rcompare(a.version, b.version) : 0))
  // The catalogue schema requires at least one version per plugin.
  return present(sorted[0], `a version of catalogue plugin '${p.id}'`)
}

export function newestCompatible(p: CatalogPlugin, kernelVersion: string): CatalogVersion | undefined {
  return [...p.versions]
    .filter((v) => semver.valid(v.version) && semver.satisfies(kernelVersion, v.kernel, { includePrerelease: true }))
    .sort((a, b) => semver.rcompare(a.version, b.version))[0]
}
