import type { Kernel } from '@docpal/kernel'
import { CONTRIBUTION_KINDS, contributionsOf, ID_PATTERN, type ContributionKind, type PluginManifest, type ServerPlugin } from '@docpal/plugin-sdk'
import type { ContractProblem } from './problem.ts'

/** Keys are unique within the plugin, well formed, and not already taken by another plugin. */
export function checkIds(kernel: Kernel, pluginId: string, server: ServerPlugin, problems: ContractProblem[]): void {
  const keys = contributionsOf(server)
  const migrations = (server.migrations ?? []).map((m) => m.id)
  const all: Array<[string, string[], ContributionKind | undefined]> = [
    ...(Object.keys(CONTRIBUTION_KINDS) as ContributionKind[]).map((k): [string, string[], ContributionKind] => [CONTRIBUTION_KINDS[k], keys[k], k]),
    ['migration', migrations, undefined],
  ]
  for (const [kind, list, registry] of all) {
    const seen = new Set<string>()
    for (const key of list) {
      if (seen.has(key)) problems.push({ check: 'ids', contribution: `${kind} '${key}'`, message: `the plugin contributes it twice: keep one` })
      seen.add(key)
      if (registry && registry !== 'routes' && registry !== 'formulaFunctions' && !ID_PATTERN.test(key)) {
        problems.push({ check: 'ids', contribution: `${kind} '${key}'`, message: 'a type key is letters and digits, words joined by single dashes or underscores' })
      }
      if (!registry) continue
      const owner = kernel.plugins.registries[registry].owner(key)
      if (owner !== undefined && owner !== pluginId) {
        problems.push({
          check: 'ids',
          contribution: `${kind} '${key}'`,
          message: `plugin '${owner}' already contributes it; choose another key (e.g. prefix it with your plugin id)`,
        })
      }
    }
  }
}

/** What the server half does must be declared in the manifest, so the admin sees it before enabling. */
export function checkCapabilities(manifest: PluginManifest, server: ServerPlugin, problems: ContractProblem[]): void {
  const has = new Set(manifest.capabilities)
  const needs: Array<[boolean, string, string]> = [
    [Boolean(server.routes?.length), 'routes', 'HTTP routes'],
    [Boolean(server.migrations?.length), 'database', 'migrations (its own tables)'],
    [Boolean(server.hooks?.length), 'hooks', 'hooks on queries and record writes'],
  ]
  for (const [used, capability, what] of needs) {
    if (used && !has.has(capability as PluginManifest['capabilities'][number])) {
      problems.push({
        check: 'capabilities',
        contribution: 'manifest',
        message: `the server half has ${what} but "docpal".capabilities lacks "${capability}": add it (the kernel refuses to load the plugin otherwise)`,
      })
    }
  }
}
