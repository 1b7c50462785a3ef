import { and, eq } from 'drizzle-orm'
import type { Executor } from '../db/executor.ts'
import { apps, dataTables } from '../db/schema.ts'
import type { Actor } from '../context.ts'
import { codes } from '../errors/codes.ts'
import { isUuid } from '../validation.ts'

/** The app exists in the actor's company. */
export async function requireApp(ex: Executor, actor: Actor, appId: string): Promise<void> {
  if (!isUuid(appId)) throw codes.KRN_ERR_NOT_FOUND('App', appId)
  const [a] = await ex.orm
    .select({ id: apps.id })
    .from(apps)
    .where(and(eq(apps.id, appId), eq(apps.companyId, actor.companyId)))
  if (!a) throw codes.KRN_ERR_NOT_FOUND('App', appId)
}

export async function assertNameFree(ex: Executor, appId: string, name: string, exceptId?: string): Promise<void> {
  const rows = await ex.orm.select({ id: dataTables.id, name: dataTables.name }).from(dataTables).where(eq(dataTables.appId, appId))
  if (rows.some((r) => r.id !== exceptId && r.name.toLowerCase() === name.toLowerCase())) throw codes.KRN_ERR_META_DUPLICATE_NAME('table', name, { path: ['name'] })
}

/** The app exists in the actor's company and has no table of that name (ignoring case): one statement. */
export async function checkNewTable(ex: Executor, actor: Actor, appId: string, name: string): Promise<void> {
  if (!isUuid(appId)) throw codes.KRN_ERR_NOT_FOUND('App', appId)
  const [row] = await ex.run<{ app: boolean; names: string[] }>(NEW_TABLE_CHECK, [appId, actor.companyId])
  if (!row?.app) throw codes.KRN_ERR_NOT_FOUND('App', appId)
  if (row.names.some((n) => n.toLowerCase() === name.toLowerCase())) throw codes.KRN_ERR_META_DUPLICATE_NAME('table', name, { path: ['name'] })
}
const NEW_TABLE_CHECK = 'select exists (select 1 from apps where id = $1 and company_id = $2) as app, array(select name from data_tables where app_id = $1) as names'
