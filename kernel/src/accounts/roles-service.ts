import { sql } from 'drizzle-orm'
import type { KernelContext } from '../context.ts'
import type { RequestOrigin } from '../audit/audit-entry.ts'
import type { Executor } from '../db/executor.ts'
import { codes } from '../errors/codes.ts'
import { isUuid, parseOrThrow } from '../validation.ts'
import { managesCompany } from './company-roles.ts'
import { RoleInput, RolePatch } from './company-inputs.ts'
import { PERMISSIONS_CHANNEL } from '../permissions/rules-store.ts'

export interface RoleView {
  readonly name: string
  readonly label: string
  /** owner, admin and member exist in every company and cannot be changed. */
  readonly builtIn: boolean
}

export const BUILT_IN_ROLES: ReadonlyArray<RoleView> = [
  { name: 'owner', label: 'Owner', builtIn: true },
  { name: 'admin', label: 'Admin', builtIn: true },
  { name: 'member', label: 'Member', builtIn: true },
]

/**
 * Roles a company defines beside owner, admin and member (issue 17): a custom role is a member
 * whom permission rules can name. Owners and admins define them; deleting one still held by a
 * member is refused (their access would silently change).
 */
export class RolesService {
  constructor(private readonly k: KernelContext) {}

  async #callerRole(ex: Executor, callerId: string, companyId: string): Promise<string> {
    if (!isUuid(companyId)) throw codes.KRN_ERR_NOT_FOUND('Company', companyId)
    const [row] = await ex.query<{ role: string }>(sql`select role from company_members where company_id = ${companyId} and user_id = ${callerId}`)
    if (!row) throw codes.KRN_ERR_NOT_FOUND('Company', companyId)
    return row.role
  }

  async #manager(ex: Executor, callerId: string, companyId: string): Promise<void> {
    if (!managesCompany(await this.#callerRole(ex, callerId, companyId))) throw codes.KRN_ERR_COMPANY_FORBIDDEN("the company's owner and admins", 'define roles')
  }

  /** Every role of the company, built-in first (any member may read them). */
  async list(callerId: string, companyId: string): Promise<RoleView[]> {
    await this.#callerRole(this.k.db, callerId, companyId)
    return [...BUILT_IN_ROLES, ...(await this.custom(this.k.db, companyId))]
  }

  async custom(ex: Executor, companyId: string): Promise<RoleView[]> {
    const rows = await ex.query<{ name: string; label: string }>(sql`select name, label from company_roles where company_id = ${companyId} order by label, name`)
    return rows.map((r) => ({ name: r.name, label: r.label, builtIn: false }))
  }

  /** Refuses (400) a role the company does not have; `owner` counts (rules may name it). */
  async assertExists(ex: Executor, companyId: string, role: string, path: ReadonlyArray<string | number>): Promise<void> {
    if (BUILT_IN_ROLES.some((r) => r.name === role)) return
    const custom = await this.custom(ex, companyId)
    if (!custom.some((r) => r.name === role)) throw codes.KRN_ERR_ROLE_UNKNOWN(role, [...BUILT_IN_ROLES, ...custom].map((r) => r.name).join(', '), { path: [...path] })
  }

  async create(callerId: string, companyId: string, body: unknown, origin?: RequestOrigin): Promise<RoleView> {
    const input = parseOrThrow(RoleInput, body)
    return this.k.db.transaction(async (tx) => {
      await this.#manager(tx, callerId, companyId)
      const [row] = await tx.query<{ name: string }>(
        sql`insert into company_roles (company_id, name, label) values (${companyId}, ${input.name}, ${input.label}) on conflict do nothing returning name`,
      )
      if (!row) throw codes.KRN_ERR_META_DUPLICATE_NAME('Role', input.name)
      await this.k.audit.write(
        tx,
        { userId: callerId, companyId, origin },
        { action: 'role.create', resourceType: 'role', resourceName: input.name, metadata: { label: input.label } },
      )
      return { name: input.name, label: input.label, builtIn: false }
    })
  }

  async update(callerId: string, companyId: string, name: string, body: unknown, origin?: RequestOrigin): Promise<RoleView> {
    const input = parseOrThrow(RolePatch, body)
    return this.k.db.transaction(async (tx) => {
      await this.#manager(tx, callerId, companyId)
      const [row] = await tx.query<{ old: string }>(
        sql`update company_roles r set label = ${input.label} from company_roles o where o.company_id = r.company_id and o.name = r.name and r.company_id = ${companyId} and r.name = ${name} returning o.label as old`,
      )
      if (!row) throw codes.KRN_ERR_NOT_FOUND('Role', name)
      await this.k.audit.write(
        tx,
        { userId: callerId, companyId, origin },
        { action: 'role.update', resourceType: 'role', resourceName: name, metadata: { changes: { label: { old: row.old, new: input.label } } } },
      )
      return { name, label: input.label, builtIn: false }
    })
  }

  /** Deletes a custom role no member holds; its permission rules go with it. */
  async delete(callerId: string, companyId: string, name: string, origin?: RequestOrigin): Promise<void> {
    await this.k.db.transaction(async (tx) => {
      await this.#manager(tx, callerId, companyId)
      // Deleted first: the delete waits for a member given the role or an invitation made with it
      // meanwhile (they hold the role's row FOR SHARE), so the counts below see them.
      const gone = await tx.query(sql`delete from company_roles where company_id = ${companyId} and name = ${name} returning name`)
      if (!gone.length) throw codes.KRN_ERR_NOT_FOUND('Role', name)
      const [held] = await tx.query<{ members: number; invited: number }>(
        sql`select (select count(*)::int from company_members where company_id = ${companyId} and role = ${name}) as members,
                   (select count(*)::int from company_invitations where company_id = ${companyId} and role = ${name} and accepted_at is null and revoked_at is null and expires_at > now()) as invited`,
      )
      if ((held?.members ?? 0) > 0) throw codes.KRN_ERR_CONFLICT(`${held?.members} member(s) have the role '${name}': give them another role first.`)
      if ((held?.invited ?? 0) > 0) throw codes.KRN_ERR_CONFLICT(`${held?.invited} pending invitation(s) give the role '${name}': revoke them first.`)
      await tx.query(sql`delete from permissions where company_id = ${companyId} and role = ${name}`)
      await tx.query(sql`select pg_notify(${PERMISSIONS_CHANNEL}, ${companyId})`)
      await this.k.audit.write(tx, { userId: callerId, companyId, origin }, { action: 'role.delete', resourceType: 'role', resourceName: name })
    })
    this.k.permissions.invalidate(companyId)
  }
}
