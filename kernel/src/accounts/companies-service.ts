import { and, asc, eq, sql } from 'drizzle-orm'
import type { z } from 'zod'
import type { KernelContext } from '../context.ts'
import type { RequestOrigin } from '../audit/audit-entry.ts'
import type { Executor } from '../db/executor.ts'
import { companies, companyMembers, dataTables } from '../db/schema.ts'
import { dropLinksOf } from '../ddl/drop-links.ts'
import { dropTableSql } from '../ddl/statements.ts'
import { codes } from '../errors/codes.ts'
import { isUuid } from '../validation.ts'
import type { AccountsService } from './accounts-service.ts'
import type { CompanyInput, CompanyPatch } from './company-inputs.ts'
import { definedRoleLabel, managesCompany } from './company-roles.ts'

/** A company as its members see it, with the caller's role there. */
export interface CompanyView {
  readonly id: string
  readonly name: string
  readonly slug: string
  readonly logo: string | null
  readonly description: string | null
  readonly role: string
  /** The label of the caller's role when the company defined it; null for owner, admin and member. */
  readonly roleLabel: string | null
  readonly createdAt: string
  readonly updatedAt: string
}

const columns = {
  id: companies.id,
  name: companies.name,
  slug: companies.slug,
  logo: companies.logo,
  description: companies.description,
  role: companyMembers.role,
  roleLabel: definedRoleLabel(companyMembers.companyId, companyMembers.role),
  createdAt: companies.createdAt,
  updatedAt: companies.updatedAt,
}

/**
 * Companies seen from one person: the ones they belong to, and the settings its owner and
 * admins change. Another company's id answers 404, as an unknown one does.
 */
export class CompaniesService {
  constructor(
    private readonly k: KernelContext,
    private readonly accounts: AccountsService,
  ) {}

  list(userId: string): Promise<CompanyView[]> {
    return this.k.db.orm
      .select(columns)
      .from(companyMembers)
      .innerJoin(companies, eq(companies.id, companyMembers.companyId))
      .where(eq(companyMembers.userId, userId))
      .orderBy(asc(companies.name), asc(companies.id))
  }

  async get(userId: string, companyId: string, tx: Executor = this.k.db): Promise<CompanyView> {
    if (!isUuid(companyId)) throw codes.KRN_ERR_NOT_FOUND('Company', companyId)
    const [row] = await tx.orm
      .select(columns)
      .from(companyMembers)
      .innerJoin(companies, eq(companies.id, companyMembers.companyId))
      .where(and(eq(companyMembers.userId, userId), eq(companyMembers.companyId, companyId)))
    if (!row) throw codes.KRN_ERR_NOT_FOUND('Company', companyId)
    return row
  }

  /** A new company with the caller as its owner. */
  async create(userId: string, input: z.output<typeof CompanyInput>, origin?: RequestOrigin): Promise<CompanyView> {
    return this.k.db.transaction(async (tx) => {
      const id = await this.accounts.createCompany(userId, { name: input.name, slug: input.slug, description: input.description ?? undefined }, tx)
      if (input.logo) await tx.orm.update(companies).set({ logo: input.logo }).where(eq(companies.id, id))
      const made = await this.get(userId, id, tx)
      await this.k.audit.write(
        tx,
        { userId, companyId: id, origin },
        { action: 'company.create', resourceType: 'company', resourceId: id, resourceName: made.name, metadata: { slug: made.slug } },
      )
      return made
    })
  }

  /** Name, slug, logo, description: the owner and admins. */
  async update(userId: string, companyId: string, patch: z.output<typeof CompanyPatch>, origin?: RequestOrigin): Promise<CompanyView> {
    return this.k.db.transaction(async (tx) => {
      const current = await this.get(userId, companyId, tx)
      if (!managesCompany(current.role)) throw codes.KRN_ERR_COMPANY_FORBIDDEN("the company's owner and admins", 'change its settings')
      if (patch.slug !== undefined && patch.slug !== current.slug) {
        const clash = await tx.orm.select({ id: companies.id }).from(companies).where(eq(companies.slug, patch.slug)).limit(1)
        if (clash.length > 0) throw codes.KRN_ERR_CONFLICT(`The company address '${patch.slug}' is taken; choose another.`, { path: ['slug'] })
      }
      const set: Partial<typeof companies.$inferInsert> = {}
      if (patch.name !== undefined) set.name = patch.name
      if (patch.slug !== undefined) set.slug = patch.slug
      if (patch.logo !== undefined) set.logo = patch.logo
      if (patch.description !== undefined) set.description = patch.description
      await tx.orm
        .update(companies)
        .set({ ...set, updatedAt: sql`now()` })
        .where(eq(companies.id, companyId))
      const after = await this.get(userId, companyId, tx)
      const changes: Record<string, { old: unknown; new: unknown }> = {}
      for (const key of ['name', 'slug', 'logo', 'description'] as const) {
        // A logo may be a data URL of 256 KiB: the log says that it changed, not what it was.
        if (current[key] !== after[key]) changes[key] = key === 'logo' ? { old: current.logo !== null, new: after.logo !== null } : { old: current[key], new: after[key] }
      }
      await this.k.audit.write(
        tx,
        { userId, companyId, origin },
        { action: 'company.update', resourceType: 'company', resourceId: companyId, resourceName: after.name, metadata: { changes } },
      )
      return after
    })
  }

  /**
   * Deletes the company with everything in it: its apps, folders, views and tables' metadata go by
   * foreign-key cascade, and its tables' physical tables (and their link tables) are dropped in
   * the same transaction, as deleting an app does. Only the owner, who types the slug again.
   * Answers the ids of the dropped tables and of the people who were members (caches to forget).
   * The company's audit log goes with it (its rows belong to the company); the server log keeps
   * the deletion.
   */
  async delete(userId: string, companyId: string, confirm: string): Promise<{ tableIds: string[]; memberIds: string[] }> {
    const out = await this.k.db.transaction(async (tx) => {
      const current = await this.get(userId, companyId, tx)
      if (current.role !== 'owner') throw codes.KRN_ERR_COMPANY_FORBIDDEN("the company's owner", 'delete it')
      if (confirm !== current.slug) throw codes.KRN_ERR_COMPANY_CONFIRM(current.slug, { path: ['confirm'] })
      // Nobody adds a table to the company while it goes.
      await tx.query(sql`select id from companies where id = ${companyId} for update`)
      const tables = await tx.orm.select({ id: dataTables.id, tableName: dataTables.tableName }).from(dataTables).where(eq(dataTables.companyId, companyId))
      const members = await tx.orm.select({ userId: companyMembers.userId }).from(companyMembers).where(eq(companyMembers.companyId, companyId))
      const tableIds = tables.map((t) => t.id)
      await dropLinksOf(tx, tableIds)
      await tx.orm.delete(companies).where(eq(companies.id, companyId))
      for (const t of tables) await tx.query(dropTableSql(t.tableName))
      // No foreign key takes the log along (it cost every entry two key checks; migration
      // 20261209200000). Last: the drops waited for record writes in flight, whose entries are now in.
      await tx.query(sql`delete from audit_logs where company_id = ${companyId}::uuid`)
      return { tableIds, memberIds: members.map((m) => m.userId) }
    })
    for (const t of out.tableIds) {
      this.k.tables.invalidate(t)
      this.k.events.emit('table.deleted', { tableId: t, companyId })
    }
    this.k.logger.info('company deleted', { companyId, by: userId, tables: out.tableIds.length, members: out.memberIds.length })
    return out
  }
}
