import semver from 'semver'
import { CONTRIBUTION_KINDS, contributionsOf, type ContributionKind, type PluginManifest, type ServerPlugin } from '@docpal/plugin-sdk'
import { codes } from '../errors/codes.ts'

/** Refuses a plugin whose `kernel` range does not include this kernel. */
export function checkKernel(manifest: PluginManifest, kernelVersion: string): void {
  if (!semver.satisfies(kernelVersion, manifest.kernel, { includePrerelease: true })) {
    throw codes.KRN_ERR_PLUGIN_INCOMPATIBLE(manifest.id, manifest.kernel, kernelVersion)
  }
}

/** What a server half does must be declared, so the admin saw it before enabling. */
export function checkCapabilities(manifest: PluginManifest, server: ServerPlugin): void {
  const has = new Set(manifest.capabilities)
  const undeclared = [
    server.routes?.length && !has.has('routes') ? 'HTTP routes (capability "routes")' : '',
    server.migrations?.length && !has.has('database') ? 'its own database tables (capability "database")' : '',
    server.hooks?.length && !has.has('hooks') ? 'hooks on record changes (capability "hooks")' : '',
  ].filter(Boolean)
  if (undeclared.length) throw codes.KRN_ERR_PLUGIN_CAPABILITY(manifest.id, undeclared.join(' and '))
  // The admin approved what the manifest lists; a server half may not bring more.
  const declared = manifest.contributes
  if (!declared) return
  const actual = contributionsOf(server)
  const extra = (Object.keys(CONTRIBUTION_KINDS) as ContributionKind[]).flatMap((kind) =>
    actual[kind].filter((t) => !declared[kind].includes(t)).map((t) => `${CONTRIBUTION_KINDS[kind]} '${t}'`),
  )
  if (extra.length) throw codes.KRN_ERR_PLUGIN_UNDECLARED(manifest.id, extra.join(', '))
}
