import type { Database } from '../db/executor.ts'
import type { EventBus } from '../events/bus.ts'
import type { HookRegistry } from '../hooks/registry.ts'
import type { Logger } from '../logger.ts'
import type { TableCache } from '../schema/table-cache.ts'
import type { PluginManager } from '../plugins/plugin-manager.ts'
import type { AppsService } from '../metadata/apps-service.ts'
import type { FoldersService } from '../metadata/folders-service.ts'
import type { UsersService } from '../metadata/users-service.ts'
import type { TablesService } from '../metadata/tables-service.ts'
import type { ViewsService } from '../metadata/views-service.ts'
import type { RecordsService } from '../records/records-service.ts'
import type { Actor } from '../context.ts'
import { createServiceRef } from '../container/service-ref.ts'

/** The kernel's services behind named tokens (never reflected constructor types). */
export const refs = {
  database: createServiceRef<Database>({ id: 'kernel.database' }),
  logger: createServiceRef<Logger>({ id: 'kernel.logger' }),
  events: createServiceRef<EventBus>({ id: 'kernel.events' }),
  hooks: createServiceRef<HookRegistry>({ id: 'kernel.hooks' }),
  plugins: createServiceRef<PluginManager>({ id: 'kernel.plugins' }),
  tableCache: createServiceRef<TableCache>({ id: 'kernel.tableCache' }),
  apps: createServiceRef<AppsService>({ id: 'kernel.apps' }),
  folders: createServiceRef<FoldersService>({ id: 'kernel.folders' }),
  users: createServiceRef<UsersService>({ id: 'kernel.users' }),
  tables: createServiceRef<TablesService>({ id: 'kernel.tables' }),
  views: createServiceRef<ViewsService>({ id: 'kernel.views' }),
  records: createServiceRef<RecordsService>({ id: 'kernel.records' }),
  actor: createServiceRef<Actor>({ id: 'request.actor', scope: 'request' }),
} as const
