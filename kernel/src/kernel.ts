import 'reflect-metadata'
import { readFileSync } from 'node:fs'
import { container as rootContainer, type DependencyContainer } from 'tsyringe'
import type { Database } from './db/executor.ts'
import { migrateKernel } from './db/migrate.ts'
import { enableTrigram } from './db/trigram.ts'
import { openPglite } from './db/open-pglite.ts'
import { openPostgres } from './db/postgres-driver.ts'
import { coreServices } from '@docpal/plugin-sdk'
import { bind, resolve } from './container/service-ref.ts'
import { refs } from './di/refs.ts'
import { EventBus } from './events/bus.ts'
import { HookRegistry } from './hooks/registry.ts'
import { createLogger, type Logger } from './logger.ts'
import { AppsService } from './metadata/apps-service.ts'
import { UsersService } from './metadata/users-service.ts'
import { AccountsService } from './accounts/accounts-service.ts'
import { SessionsStore } from './accounts/sessions-store.ts'
import { TokensStore } from './accounts/tokens-store.ts'
import { OneTimeTokensStore } from './accounts/one-time-tokens.ts'
import { RateCounters } from './accounts/rate-counters.ts'
import { ImportJobsStore } from './records/import-jobs-store.ts'
import { MailOutboxStore } from './accounts/mail-outbox-store.ts'
import { MailRelay } from './accounts/mail-relay.ts'
import { CompaniesService } from './accounts/companies-service.ts'
import { MembersService } from './accounts/members-service.ts'
import { InvitationsService } from './accounts/invitations-service.ts'
import { FoldersService } from './metadata/folders-service.ts'
import { TableCache } from './schema/table-cache.ts'
import { shareTableChanges } from './schema/table-changes.ts'
import { TableMaintenanceService } from './metadata/table-maintenance.ts'
import { TablesService } from './metadata/tables-service.ts'
import { Permissions } from './permissions/permissions.ts'
import { PermissionsService } from './metadata/permissions-service.ts'
import { RolesService } from './accounts/roles-service.ts'
import { sweepStored } from './records/stored/stored-sweep.ts'
import { ViewsService } from './metadata/views-service.ts'
import type { ArchiveLimits } from './plugins/archive-limits.ts'
import { PluginManager } from './plugins/plugin-manager.ts'
import { RecordsService } from './records/records-service.ts'
import { IndexesService } from './metadata/indexes-service.ts'
import { QueryUsage } from './query/query-usage.ts'
import { widgetData } from './contributions/widget-data.ts'
import { requestFreshness } from './db/request-freshness.ts'
import { ProcessPresence, type Presence } from './db/process-presence.ts'
import { EmbeddedMaintenance } from './db/embedded-maintenance.ts'
import { createWorkflows, type EngineOptions, type Workflows } from './workflows/index.ts'
import { followColumnRenames } from './workflows/follow-renames.ts'
import { runAction, testTrigger } from './contributions/workflow-steps.ts'
import type { Actor, KernelContext } from './context.ts'
import { AuditLog } from './audit/audit-log.ts'
import { installValidationMessages } from './validation-messages.ts'

export const KERNEL_VERSION: string = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version

export interface KernelOptions {
  /** PostgreSQL URL; without it, embedded PGlite. */
  databaseUrl?: string | undefined
  /** PGlite data dir; undefined with no databaseUrl: in memory. */
  pgliteDir?: string | undefined
  /** A PGlite dump to start from (tests). */
  pgliteSeed?: Blob | undefined
  /** Preopened database (tests, benchmarks). */
  database?: Database | undefined
  pluginDirs: ReadonlyArray<string>
  /** Single plugin package folders to load besides `pluginDirs` (a plugin's own tests). */
  pluginPackages?: ReadonlyArray<string>
  /** Where plugin tarballs are installed (`<data dir>/plugins`); scanned at boot as well. */
  installDir?: string | undefined
  /** How far an uploaded plugin archive may unpack; unset fields keep `DEFAULT_ARCHIVE_LIMITS`. */
  archiveLimits?: Partial<ArchiveLimits> | undefined
  logger?: Logger
  poolSize?: number
  /** PostgreSQL: the longest a statement may run (ms, 0: no bound). PGlite cannot interrupt a statement. */
  statementTimeoutMs?: number
  /** Create the proposed index of a column once slow ad-hoc queries keep using it (default: only propose). */
  autoIndex?: boolean
  /** A list query this slow (ms) or slower counts towards an index proposal (default 25). */
  slowQueryMs?: number
  /** PGlite's shared_buffers (e.g. '32MB'); unset: `PGLITE_SHARED_BUFFERS`. */
  pgliteSharedBuffers?: string
  /** Write the audit log (default true); false only for the benchmark's baseline (`DOCPAL_AUDIT=off`). */
  audit?: boolean
  /** The embedded workflow runner's options; false: this process runs no workflows (it still stores them). */
  workflows?: EngineOptions | false
}

export interface Kernel extends KernelContext {
  readonly container: DependencyContainer
  readonly apps: AppsService
  readonly folders: FoldersService
  readonly users: UsersService
  /** Accounts, companies and memberships; sessions and API tokens by the hash of their secret. */
  readonly accounts: AccountsService
  readonly sessions: SessionsStore
  readonly apiTokens: TokensStore
  /** Single-use tokens of account mails (verify, magic link, reset, email change). */
  readonly oneTimeTokens: OneTimeTokensStore
  /** Rate limit counters every server process on the database shares (issue 19). */
  readonly rateCounters: RateCounters
  /** CSV/TSV/XLSX imports and their uploaded files, shared by the server processes. */
  readonly importJobs: ImportJobsStore
  /** Companies, their members and roles, and invitations to join them. */
  readonly companies: CompaniesService
  readonly members: MembersService
  /** Roles a company defines beside owner, admin and member. */
  readonly roles: RolesService
  readonly invitations: InvitationsService
  /** Mails kept instead of sent when no SMTP server is configured. */
  readonly outbox: MailOutboxStore
  /** Plugins' mail (`coreServices.mail`); the host hands it a transport with `useTransport`. */
  readonly mail: MailRelay
  readonly tablesService: TablesService
  readonly tableMaintenance: TableMaintenanceService
  readonly views: ViewsService
  readonly indexes: IndexesService
  readonly records: RecordsService
  /** Permission rules of apps, tables and views, and what a caller may do (issue 17). */
  readonly permissionsService: PermissionsService
  /** Workflows, their runs and the task inbox (issue 18). */
  readonly workflows: Workflows
  /** A widget configuration's data (see contributions/widget-data.ts). */
  widgetData(actor: Actor, type: string, body: unknown): Promise<string>
  testTrigger(type: string, body: unknown): { matches: boolean; listensTo: readonly string[] }
  runAction(actor: Actor, type: string, body: unknown): Promise<{ output: Record<string, unknown>; branch: string | null }>
  /**
   * What a request checks this process's memory against, read after it arrived (issue 19): brings
   * plugins, their settings and permission rules up to date when another process changed them, and
   * answers these people's credentials versions (host-server/src/auth/freshness-check.ts).
   */
  freshness(userIds: ReadonlyArray<string>): Promise<Map<string, number>>
  /** Whether this process is the only one on its database (db/process-presence.ts); absent on PGlite. */
  readonly presence?: Presence
  /** Embedded PGlite's vacuum and analyze rounds, as autovacuum would (db/embedded-maintenance.ts); absent on PostgreSQL. */
  readonly maintenance?: Pick<EmbeddedMaintenance, 'runOnce'>
  /** A child container for one request, carrying who asks. */
  requestScope(actor: Actor): DependencyContainer
  close(): Promise<void>
}

export async function openDatabase(
  opts: Pick<KernelOptions, 'databaseUrl' | 'pgliteDir' | 'pgliteSeed' | 'poolSize' | 'statementTimeoutMs' | 'pgliteSharedBuffers'>,
): Promise<Database> {
  if (opts.databaseUrl)
    return openPostgres(opts.databaseUrl, { ...(opts.poolSize ? { max: opts.poolSize } : {}), ...(opts.statementTimeoutMs ? { statementTimeoutMs: opts.statementTimeoutMs } : {}) })
  return openPglite({
    ...(opts.pgliteDir ? { dataDir: opts.pgliteDir } : {}),
    ...(opts.pgliteSeed ? { loadDataDir: opts.pgliteSeed } : {}),
    ...(opts.pgliteSharedBuffers ? { sharedBuffers: opts.pgliteSharedBuffers } : {}),
  })
}

/** Opens the database, migrates it, boots the plugins and wires the services into DI. */
export async function createKernel(opts: KernelOptions): Promise<Kernel> {
  installValidationMessages()
  const logger = opts.logger ?? createLogger()
  const db = opts.database ?? (await openDatabase(opts))
  // Before anything is served: a process that starts waits until a solo one checks requests again.
  const dedicated = db.dedicated?.bind(db)
  const presence = dedicated ? new ProcessPresence(dedicated, logger) : undefined
  await presence?.start()
  await migrateKernel(db)
  await enableTrigram(db, logger)
  // PGlite has no autovacuum: tables filled through the API would never get planner statistics.
  const maintenance = db.driver === 'pglite' ? new EmbeddedMaintenance(db, logger) : undefined

  const events = new EventBus(logger)
  const hooks = new HookRegistry(logger)
  // Plugins get child containers of this one: it must hold the kernel's services before boot.
  const container = rootContainer.createChildContainer()
  const plugins = new PluginManager({ db, hooks, events, logger, kernelVersion: KERNEL_VERSION, container, installDir: opts.installDir, archiveLimits: opts.archiveLimits })
  const tables = new TableCache(db, { fieldType: (t) => plugins.registries.fieldTypes.get(t), formulaFunction: (n) => plugins.registries.formulaFunctions.get(n) })
  // Stored values follow the field types that are on: one sweep at a time, after each change.
  let sweeping: Promise<void> = Promise.resolve()
  const sweep = () => {
    const types = plugins.registries.fieldTypes
      .entries()
      .filter(({ item }) => item.grouped !== undefined)
      .map(({ type }) => type)
    sweeping = sweeping.then(() => sweepStored(db, tables, types, logger))
    return sweeping
  }
  events.on('plugins.changed', ({ reason }) => {
    tables.clear()
    // Boot awaits its sweep below, before the kernel is handed out.
    if (reason !== 'boot') void sweep()
  })

  const usage = new QueryUsage(opts.slowQueryMs)
  const permissions = new Permissions(db, logger)
  await permissions.listen()
  await shareTableChanges(db, tables, logger)
  await plugins.shareSettingsChanges(db, logger)
  const ctx: KernelContext = { db, plugins, hooks, events, tables, logger, usage, audit: new AuditLog(db, opts.audit ?? true), permissions }
  const records = new RecordsService(ctx)
  const accounts = new AccountsService(ctx)
  const apps = new AppsService(ctx)
  const roles = new RolesService(ctx)
  const views = new ViewsService(ctx, records)
  const services = {
    apps,
    roles,
    folders: new FoldersService(ctx),
    users: new UsersService(ctx),
    accounts,
    companies: new CompaniesService(ctx, accounts),
    members: new MembersService(ctx),
    invitations: new InvitationsService(ctx),
    sessions: new SessionsStore(ctx),
    apiTokens: new TokensStore(ctx),
    oneTimeTokens: new OneTimeTokensStore(ctx),
    rateCounters: new RateCounters(db),
    importJobs: new ImportJobsStore(db),
    outbox: new MailOutboxStore(ctx),
    mail: new MailRelay(ctx),
    tablesService: new TablesService(ctx),
    tableMaintenance: new TableMaintenanceService(ctx),
    views,
    permissionsService: new PermissionsService(ctx, roles, views, apps),
    indexes: new IndexesService(ctx, { autoIndex: opts.autoIndex ?? false }),
    records,
  }
  usage.onProposal = (companyId, tableId, fieldId) => services.indexes.autoCreate(companyId, tableId, fieldId)
  bind(container, refs.database, db)
  bind(container, refs.logger, logger)
  bind(container, refs.events, events)
  bind(container, refs.hooks, hooks)
  bind(container, refs.plugins, plugins)
  bind(container, refs.tableCache, tables)
  bind(container, refs.apps, services.apps)
  bind(container, refs.folders, services.folders)
  bind(container, refs.users, services.users)
  bind(container, refs.tables, services.tablesService)
  bind(container, refs.views, services.views)
  bind(container, refs.records, records)
  // What plugins may name in `deps` (the compiler checks each service fits the SDK's interface).
  bind(container, coreServices.records, records)
  bind(container, coreServices.logger, logger)
  bind(container, coreServices.mail, services.mail)

  await plugins.boot(opts.pluginDirs, opts.pluginPackages)
  await plugins.sharePluginChanges(db, logger)
  await sweep()
  const workflows = createWorkflows(ctx, records, opts.workflows ?? {})
  // Workflows name fields; a column renamed is renamed in them too, in the same transaction.
  services.tablesService.onColumnsRenamed = (tx, actor, tableId, renamed) => followColumnRenames(ctx, tx, actor, tableId, renamed)
  await workflows.start()

  async function freshness(userIds: ReadonlyArray<string>): Promise<Map<string, number>> {
    const now = await requestFreshness(db, userIds)
    // Plugins first: a plugin enabled elsewhere brings its settings.
    await plugins.pluginsAtLeast(now.plugins)
    await Promise.all([plugins.settingsAtLeast(now.settings), permissions.rulesAtLeast(now.permissions)])
    return now.people
  }
  // Going solo after others were here: what they changed is read before requests stop checking.
  presence?.onSolo(async () => {
    await freshness([])
  })
  maintenance?.start()

  return {
    ...ctx,
    ...services,
    container,
    requestScope(actor: Actor) {
      const child = container.createChildContainer()
      bind(child, refs.actor, actor)
      return child
    },
    freshness,
    presence,
    maintenance,
    widgetData: (actor, type, body) => widgetData(ctx, records, actor, type, body),
    testTrigger: (type, body) => testTrigger(ctx, type, body),
    runAction: (actor, type, body) => runAction(ctx, records, actor, type, body),
    workflows,
    async close() {
      await workflows.stop()
      await plugins.stop()
      await presence?.stop()
      await maintenance?.stop()
      await db.close()
    },
  }
}

export { resolve }
