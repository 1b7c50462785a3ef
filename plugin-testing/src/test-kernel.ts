import { createKernel, createLogger, type Actor, type Database, type Kernel } from '@docpal/kernel'
import { resolve } from 'node:path'
import type { FilterNodeInput, SortInput } from './query-input.ts'
import { workspacePlugins } from './workspace.ts'

export interface StartTestKernelOptions {
  /** Folders of the plugin packages under test (each holds a package.json with a `docpal` block). */
  readonly plugins: ReadonlyArray<string>
  /**
   * A folder of plugin folders loaded as well, e.g. the first-party field types. Default: the
   * DocPal checkout's `plugins/` when the SDK lives in one; `false` for none.
   */
  readonly builtins?: string | false
  /** A database opened by the caller (e.g. PostgreSQL); default: a fresh in-memory PGlite. */
  readonly database?: Database
  /**
   * Boot even when a plugin under test does not load (its entry in `kernel.plugins.list()` says
   * why). By default that is an error naming the plugin and the reason, rather than a later
   * "unknown field type".
   */
  readonly allowFailures?: boolean
}

/** A column as `createTable` takes it (the API's column input). */
export interface TestColumnInput {
  readonly name: string
  readonly type: string
  readonly config?: Record<string, unknown>
  readonly required?: boolean
}

/** A table as the API returns it. */
export interface TestTable {
  readonly id: string
  readonly name: string
  readonly columns: ReadonlyArray<{ readonly id: string; readonly name: string; readonly type: string; readonly config: unknown; readonly required: boolean }>
}

/** A record as the API returns it, fields keyed by column name. */
export interface TestRecord {
  readonly id: string
  readonly fields: Record<string, unknown>
}

/** `records()` parameters: the API's list parameters as values rather than JSON strings. */
export interface TestQuery {
  readonly filter?: FilterNodeInput
  readonly sort?: ReadonlyArray<SortInput>
  readonly fields?: ReadonlyArray<string>
  readonly limit?: number
}

type TableRef = TestTable | string

/**
 * A real kernel over a real database, driven through its services as the company's admin.
 * Refusals are thrown as the `DocPalError` the HTTP API answers with (`code`, `status`, `path`);
 * an error in a plugin's SQL comes as the database's own error.
 */
export interface TestKernel {
  readonly kernel: Kernel
  /** Who the helpers act as (the company's admin), for calling `kernel` services directly. */
  readonly actor: Actor
  /** An app made at start; `createTable` puts tables in it. */
  readonly appId: string
  createTable(name: string, columns: ReadonlyArray<TestColumnInput>): Promise<TestTable>
  insert(table: TableRef, fields: Record<string, unknown>): Promise<TestRecord>
  update(table: TableRef, recordId: string, fields: Record<string, unknown>): Promise<TestRecord>
  get(table: TableRef, recordId: string): Promise<TestRecord>
  records(table: TableRef, query?: TestQuery): Promise<TestRecord[]>
  close(): Promise<void>
}

const idOf = (t: TableRef): string => (typeof t === 'string' ? t : t.id)
const parseRecord = (json: string): TestRecord => JSON.parse(json) as TestRecord

/** Boots a kernel with the given plugins (and the built-ins) on an in-memory PGlite. */
export async function startTestKernel(opts: StartTestKernelOptions): Promise<TestKernel> {
  const builtins = opts.builtins === undefined ? workspacePlugins() : opts.builtins || undefined
  const kernel = await createKernel({
    pluginDirs: builtins ? [builtins] : [],
    pluginPackages: opts.plugins.map((p) => resolve(p)),
    database: opts.database,
    logger: createLogger('silent'),
  })
  try {
    if (!opts.allowFailures) {
      const dirs = new Set(opts.plugins.map((p) => resolve(p)))
      const failed = kernel.plugins.list().filter((e) => dirs.has(e.dir) && e.status !== 'enabled')
      if (failed.length) throw new Error(`Plugins under test did not load:\n${failed.map((e) => `- ${e.id} (${e.dir}): ${e.reason ?? e.status}`).join('\n')}`)
    }
    // The instance's first account and its company: what a signed-in request acts as. The hash is
    // no argon2 hash, so nobody can log in as it.
    const account = await kernel.accounts.createAccount({ email: 'plugin-tests@docpal.local', name: 'Plugin tests', passwordHash: '!' })
    const actor: Actor = { userId: account.user.id, companyId: account.companyId }
    const app = await kernel.apps.create(actor, { name: 'Plugin tests' })
    return {
      kernel,
      actor,
      appId: app.id,
      createTable: async (name, columns) => await kernel.tablesService.create(actor, app.id, { name, columns }),
      insert: async (table, fields) => parseRecord(await kernel.records.create(actor, idOf(table), { fields }, 'name')),
      update: async (table, id, fields) => parseRecord(await kernel.records.update(actor, idOf(table), id, { fields }, 'patch', 'name')),
      get: async (table, id) => parseRecord(await kernel.records.get(actor, idOf(table), id, 'name')),
      records: async (table, query = {}) =>
        (JSON.parse(await kernel.records.list(actor, idOf(table), { ...query, limit: query.limit ?? 1000 })) as { records: TestRecord[] }).records,
      close: () => kernel.close(),
    }
  } catch (err) {
    await kernel.close()
    throw err
  }
}
