import type { Database } from './db/executor.ts'
import type { EventBus } from './events/bus.ts'
import type { HookRegistry } from './hooks/registry.ts'
import type { Logger } from './logger.ts'
import type { TableCache } from './schema/table-cache.ts'
import type { QueryUsage } from './query/query-usage.ts'
import type { PluginManager } from './plugins/plugin-manager.ts'
import type { AuditLog } from './audit/audit-log.ts'
import type { RequestOrigin } from './audit/audit-entry.ts'
import type { Permissions } from './permissions/permissions.ts'

export type { RequestOrigin }

/** The kernel services a request handler works with (resolved from the DI container). */
export interface KernelContext {
  readonly db: Database
  readonly plugins: PluginManager
  readonly hooks: HookRegistry
  readonly events: EventBus
  readonly tables: TableCache
  readonly logger: Logger
  /** What ad-hoc list queries filter and sort by, for index proposals. */
  readonly usage: QueryUsage
  /** Who did what: entries written with the change they describe. */
  readonly audit: AuditLog
  /** Who may do what: permission rules, and tables as each caller may see them. */
  readonly permissions: Permissions
}

/** Who is asking: the request's child container carries it. */
export interface Actor {
  readonly userId: string
  readonly companyId: string
  /**
   * Their role in the company (owner, admin, member or one the company defines); undefined for
   * work the server does itself, which no permission rule limits.
   */
  readonly role?: string | undefined
  /** Where the request came from, for the audit log (absent for work the server starts itself). */
  readonly origin?: RequestOrigin | undefined
}
