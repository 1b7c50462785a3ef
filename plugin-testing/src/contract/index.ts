import type { Database } from '@docpal/kernel'
import { startTestKernel, type TestKernel } from '../test-kernel.ts'
import { checkFieldType } from './field-type-checks.ts'
import { readPluginPackage } from './plugin-package.ts'
import type { ContractProblem } from './problem.ts'
import type { FieldTypeSamples } from './samples.ts'
import { checkCapabilities, checkIds } from './static-checks.ts'

export interface ContractOptions {
  /** Samples per field type key (configs, values, filter values) where the defaults do not fit. */
  readonly samples?: Readonly<Record<string, FieldTypeSamples>>
  /** A running test kernel that loaded the plugin; default: one booted (and closed) for the check. */
  readonly kernel?: TestKernel
  /** As in `startTestKernel`, when the check boots its own kernel. */
  readonly builtins?: string | false
  readonly database?: Database
}

/**
 * The contract every plugin keeps, checked against a real kernel: the manifest is valid and names
 * the server half's plugin; contribution keys are unique and not taken; declared capabilities
 * cover what the server half uses; the kernel loads it; and each field type makes a real column,
 * takes and reads back sample values, sorts, and runs every operator as a filter.
 * Returns the problems found: an empty list means the plugin passes.
 */
export async function checkPluginContract(dir: string, opts: ContractOptions = {}): Promise<ContractProblem[]> {
  const problems: ContractProblem[] = []
  const { manifest, server } = await readPluginPackage(dir, problems)
  if (!manifest) return problems
  if (server) checkCapabilities(manifest, server, problems)
  const types = new Set((server?.fieldTypes ?? []).map((f) => f.type))
  const stray = Object.keys(opts.samples ?? {}).filter((k) => !types.has(k))
  // A typo in a test's samples would silently check nothing: that is the test's bug, not the plugin's.
  if (stray.length)
    throw new Error(
      `checkPluginContract: samples name ${stray.map((k) => `'${k}'`).join(', ')}, but plugin '${manifest.id}' contributes the field types: ${[...types].join(', ') || 'none'}`,
    )
  const t =
    opts.kernel ??
    (await startTestKernel({
      plugins: [dir],
      allowFailures: true,
      ...(opts.builtins !== undefined ? { builtins: opts.builtins } : {}),
      ...(opts.database ? { database: opts.database } : {}),
    }))
  try {
    const entry = t.kernel.plugins.list().find((p) => p.id === manifest.id)
    if (!entry) {
      problems.push({ check: 'load', contribution: 'plugin', message: `the kernel did not find plugin '${manifest.id}' (is its folder among startTestKernel's plugins?)` })
      return problems
    }
    if (server) checkIds(t.kernel, manifest.id, server, problems)
    if (entry.status !== 'enabled') {
      problems.push({ check: 'load', contribution: 'plugin', message: `the kernel did not load it: ${entry.reason ?? entry.status}` })
      return problems
    }
    for (const ft of server?.fieldTypes ?? []) await checkFieldType(t, ft, opts.samples?.[ft.type] ?? {}, problems)
    return problems
  } finally {
    if (!opts.kernel) await t.close()
  }
}
