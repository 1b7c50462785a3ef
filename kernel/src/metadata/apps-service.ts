import { and, asc, eq } from 'drizzle-orm'
import type { Actor, KernelContext } from '../context.ts'
import { apps, companies, companyMembers, dataTables } from '../db/schema.ts'
import { dropTableSql } from '../ddl/statements.ts'
import { dropLinksOf } from '../ddl/drop-links.ts'
import { codes } from '../errors/codes.ts'
import { isUuid, parseOrThrow } from '../validation.ts'
import { AppInput, AppPatch } from './inputs.ts'
import { present } from '../errors/present.ts'
import { diffChanges } from '../audit/diff.ts'
import { rowEntry } from '../audit/audit-entry.ts'
import { granteeOf } from '../records/write-support.ts'

export class AppsService {
  constructor(private readonly k: KernelContext) {}

  async create(actor: Actor, body: unknown) {
    const input = parseOrThrow(AppInput, body)
    return this.k.db.transaction(async (tx) => {
      const [row] = await tx.orm
        .insert(apps)
        .values({ companyId: actor.companyId, name: input.name, icon: input.icon ?? null, description: input.description ?? null, menu: input.menu ?? [], createdBy: actor.userId })
        .returning()
      const app = present(row, 'the app row just written')
      await this.k.audit.write(tx, actor, rowEntry('app.create', app))
      return app
    })
  }

  /** The company's apps the caller may open. */
  async list(actor: Actor) {
    const rows = await this.k.db.orm.select().from(apps).where(eq(apps.companyId, actor.companyId)).orderBy(asc(apps.createdAt))
    const who = granteeOf(actor)
    if (!who) return rows
    const open = await Promise.all(rows.map(async (a) => (await this.k.permissions.appActions(who, actor.companyId, a.id)).has('view')))
    return rows.filter((_, i) => open[i])
  }

  async get(actor: Actor, id: string) {
    if (!isUuid(id)) throw codes.KRN_ERR_NOT_FOUND('App', id)
    const [row] = await this.k.db.orm
      .select()
      .from(apps)
      .where(and(eq(apps.id, id), eq(apps.companyId, actor.companyId)))
    if (!row) throw codes.KRN_ERR_NOT_FOUND('App', id)
    if (!(await this.k.permissions.appActions(granteeOf(actor), actor.companyId, id)).has('view')) throw codes.KRN_ERR_PERMISSION_DENIED('open', `app '${row.name}'`)
    return row
  }

  /**
   * The company an app belongs to, when `userId` is a member of it: a link to an app of another
   * of the person's companies can then offer to switch to it instead of a bare "not found".
   */
  async memberCompanyOf(userId: string, appId: string): Promise<{ id: string; name: string } | undefined> {
    if (!isUuid(appId)) return undefined
    const [row] = await this.k.db.orm
      .select({ id: companies.id, name: companies.name })
      .from(apps)
      .innerJoin(companies, eq(companies.id, apps.companyId))
      .innerJoin(companyMembers, and(eq(companyMembers.companyId, apps.companyId), eq(companyMembers.userId, userId)))
      .where(eq(apps.id, appId))
    return row
  }

  async update(actor: Actor, id: string, body: unknown) {
    const input = parseOrThrow(AppPatch, body)
    const before = await this.get(actor, id)
    return this.k.db.transaction(async (tx) => {
      const [row] = await tx.orm
        .update(apps)
        .set({ ...input, updatedAt: new Date().toISOString() })
        .where(and(eq(apps.id, id), eq(apps.companyId, actor.companyId)))
        .returning()
      const after = present(row, 'the app row just written')
      const changes = diffChanges(before, after, ['name', 'icon', 'description', 'menu'])
      await this.k.audit.write(tx, actor, rowEntry('app.update', { id, name: after.name }, { metadata: { changes } }))
      return after
    })
  }

  /** Deleting an app drops its tables' physical tables in the same transaction. */
  async delete(actor: Actor, id: string): Promise<void> {
    if (!isUuid(id)) throw codes.KRN_ERR_NOT_FOUND('App', id)
    const tableIds = await this.k.db.transaction(async (tx) => {
      const [row] = await tx.orm
        .select({ id: apps.id, name: apps.name })
        .from(apps)
        .where(and(eq(apps.id, id), eq(apps.companyId, actor.companyId)))
      if (!row) throw codes.KRN_ERR_NOT_FOUND('App', id)
      const tables = await tx.orm.select({ id: dataTables.id, tableName: dataTables.tableName }).from(dataTables).where(eq(dataTables.appId, id))
      await dropLinksOf(
        tx,
        tables.map((t) => t.id),
      )
      await tx.orm.delete(apps).where(eq(apps.id, id))
      const metadata = { tables: tables.map((t) => t.id) }
      await this.k.audit.write(tx, actor, rowEntry('app.delete', { id, name: row.name }, { metadata }))
      for (const t of tables) await tx.query(dropTableSql(t.tableName))
      return tables.map((t) => t.id)
    })
    for (const t of tableIds) {
      this.k.tables.invalidate(t)
      this.k.events.emit('table.deleted', { tableId: t, companyId: actor.companyId })
    }
  }
}
