import type { FastifyInstance } from 'fastify'
import semver from 'semver'
import { z } from 'zod'
import { KERNEL_VERSION, parseOrThrow, type Kernel } from '@docpal/kernel'
import { MAX_ARCHIVE, newest, newestCompatible, type CatalogSource } from '../catalog/catalog-source.ts'
import type { CatalogPlugin } from '../catalog/catalog-schema.ts'
import { hostCodes } from '../errors/codes.ts'
import { route, type RouteCtx } from './define.ts'
import { auditPlugin } from './plugin-audit.ts'
import { PluginCatalogOut, PluginOut } from './plugin-responses.ts'
import { describePlugin } from './plugins.ts'

const ARCHIVE_TYPES = ['application/gzip', 'application/x-gzip', 'application/x-tar', 'application/x-compressed-tar', 'application/octet-stream']

const FromCatalog = z.object({ catalog: z.string().min(1), version: z.string().min(1).optional() }).strict()
const ArchiveQuery = z.object({
  sha256: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, 'a sha256 digest as 64 hex digits')
    .optional(),
})

/**
 * The tarball of a request: its body, or a catalog version downloaded and checked against its
 * sha256. The body is one of two media types (a tarball or JSON), so it is told apart here and
 * the JSON form parsed with its schema.
 */
async function archiveOf(c: RouteCtx<unknown, z.output<typeof ArchiveQuery>>, catalog: CatalogSource): Promise<{ data: Buffer; sha256?: string }> {
  const q = c.query
  if (Buffer.isBuffer(c.body)) {
    if (c.body.length === 0) throw hostCodes.HST_ERR_PLUGIN_ARCHIVE_MISSING()
    return { data: c.body, ...(q.sha256 ? { sha256: q.sha256 } : {}) }
  }
  if (c.body === undefined || c.body === null) throw hostCodes.HST_ERR_PLUGIN_ARCHIVE_MISSING()
  const input = parseOrThrow(FromCatalog, c.body)
  const { version } = await catalog.pick(input.catalog, input.version, KERNEL_VERSION)
  return { data: await catalog.download(version), sha256: version.sha256 }
}

/** What a catalog search matches: id, name and description, in English and every translation (an admin types in their own language). */
function searchText(p: CatalogPlugin): string {
  const translated = Object.values(p.translations ?? {}).flatMap((t) => [t.name, t.description])
  return [p.id, p.name, p.description, ...translated].filter(Boolean).join(' ').toLowerCase()
}

/** Installing, updating and uninstalling plugin tarballs, and browsing the catalog. */
export function pluginInstallRoutes(app: FastifyInstance, k: Kernel, catalog: CatalogSource): void {
  app.addContentTypeParser(ARCHIVE_TYPES, { parseAs: 'buffer', bodyLimit: MAX_ARCHIVE }, (_req, body, done) => done(null, body))
  const tag = 'plugins'
  route(app, k, {
    method: 'POST',
    access: 'instance-admin',
    url: '/api/plugins/install',
    tag,
    summary: 'Install a plugin tarball (body: the .tgz, or {"catalog": id, "version"?}); it starts disabled',
    response: PluginOut,
    status: 201,
    query: ArchiveQuery,
    queryPath: ['query'],
    accepts: ARCHIVE_TYPES,
    bodyLimit: MAX_ARCHIVE,
    handler: async (c) => {
      const { data, sha256 } = await archiveOf(c, catalog)
      const entry = await k.plugins.install(data, sha256 ? { sha256 } : {})
      await auditPlugin(k, c, 'plugin.install', entry.id, entry)
      return describePlugin(k, entry)
    },
  })
  route(app, k, {
    method: 'POST',
    access: 'instance-admin',
    url: '/api/plugins/:id/update',
    tag,
    summary: 'Replace an installed plugin with a newer version; an enabled one reloads live and runs its new migrations',
    response: PluginOut,
    query: ArchiveQuery,
    queryPath: ['query'],
    accepts: ARCHIVE_TYPES,
    bodyLimit: MAX_ARCHIVE,
    handler: async (c) => {
      const id = c.params.id
      k.plugins.get(id)
      const { data, sha256 } = await archiveOf(c, catalog)
      const entry = await k.plugins.update(id, data, sha256 ? { sha256 } : {})
      await auditPlugin(k, c, 'plugin.update', entry.id, entry)
      return describePlugin(k, entry)
    },
  })
  route(app, k, {
    method: 'DELETE',
    access: 'instance-admin',
    url: '/api/plugins/:id',
    tag,
    summary: 'Uninstall a plugin (refused while in use or for built-in plugins)',
    status: 204,
    handler: async (c) => {
      const entry = k.plugins.get(c.params.id)
      await k.plugins.uninstall(c.params.id)
      await auditPlugin(k, c, 'plugin.uninstall', entry.id, entry)
      return undefined
    },
  })
  route(app, k, {
    method: 'GET',
    url: '/api/plugin-catalog',
    access: 'instance-admin',
    tag,
    summary: 'The plugin catalog with compatibility and installed state',
    response: PluginCatalogOut,
    query: z.object({ search: z.string().optional(), category: z.string().optional() }),
    handler: async (c) => {
      const cat = await catalog.read()
      const search = c.query.search?.trim().toLowerCase() ?? ''
      const category = c.query.category !== '' ? c.query.category : undefined
      const installed = new Map(k.plugins.list().map((e) => [e.id, e]))
      const plugins = cat.plugins
        .filter((p) => !category || p.category === category)
        .filter((p) => !search || searchText(p).includes(search))
        .map((p) => {
          const mine = installed.get(p.id)
          const best = newestCompatible(p, KERNEL_VERSION)
          const have = mine?.manifest?.version
          return {
            id: p.id,
            name: p.name,
            description: p.description,
            ...(p.translations ? { translations: p.translations } : {}),
            category: p.category,
            icon: p.icon,
            homepage: p.homepage ?? null,
            latest: newest(p).version,
            versions: p.versions.map((v) => ({ ...v, compatible: semver.satisfies(KERNEL_VERSION, v.kernel, { includePrerelease: true }) })),
            installed: mine ? { version: have ?? null, state: mine.status, source: mine.source } : null,
            update: mine?.source === 'installed' && best && have && semver.valid(have) && semver.gt(best.version, have) ? best.version : null,
          }
        })
      const answer: z.output<typeof PluginCatalogOut> = { source: catalog.location, name: cat.name, kernel: KERNEL_VERSION, plugins }
      return answer
    },
  })
}
