import { and, asc, eq, sql } from 'drizzle-orm'
import type { KernelContext } from '../context.ts'
import type { AuditEntry, RequestOrigin } from '../audit/audit-entry.ts'
import type { Executor } from '../db/executor.ts'
import { companyMembers, users } from '../db/schema.ts'
import { codes } from '../errors/codes.ts'
import { isUuid } from '../validation.ts'
import { holdGivableRole, managesCompany } from './company-roles.ts'

export interface MemberView {
  readonly userId: string
  readonly name: string
  readonly email: string
  readonly avatar: string | null
  readonly role: string
  readonly joinedAt: string
}

/**
 * Who belongs to a company and with which role. Every change runs in one transaction that first
 * locks the company's member rows, so two changes (two transfers, a transfer and a demotion) are
 * applied one after the other and each sees the other's result; the database itself refuses a
 * second owner (a partial unique index) and a company without one (a deferred trigger).
 */
export class MembersService {
  constructor(private readonly k: KernelContext) {}

  /** The members, by name; the caller must be one (404 otherwise). */
  async list(callerId: string, companyId: string): Promise<MemberView[]> {
    await this.#roleOf(this.k.db, callerId, companyId)
    const rows = await this.k.db.orm
      .select({ userId: users.id, name: users.name, email: users.email, avatar: users.avatar, role: companyMembers.role, joinedAt: companyMembers.joinedAt })
      .from(companyMembers)
      .innerJoin(users, eq(users.id, companyMembers.userId))
      .where(eq(companyMembers.companyId, companyId))
      .orderBy(asc(users.name), asc(users.id))
    return rows.map((r) => ({ ...r, email: r.email ?? '' }))
  }

  /**
   * Gives a member a role (admin, member or a custom one). Owner and admins manage members; an admin cannot touch the
   * owner; the owner's own role moves only by transfer.
   */
  async setRole(callerId: string, companyId: string, userId: string, role: string, origin?: RequestOrigin): Promise<MemberView> {
    await this.k.db.transaction(async (tx) => {
      const [callerRole, targetRole] = await this.#lockPair(tx, callerId, companyId, userId)
      if (!managesCompany(callerRole)) throw codes.KRN_ERR_COMPANY_FORBIDDEN("the company's owner and admins", "change members' roles")
      if (role === 'owner') throw codes.KRN_ERR_COMPANY_FORBIDDEN('a transfer of ownership', 'make a member owner')
      await holdGivableRole(tx, companyId, role)
      if (targetRole === 'owner') {
        if (callerId === userId) throw codes.KRN_ERR_COMPANY_OWNER_REQUIRED('step down to another role')
        throw codes.KRN_ERR_COMPANY_FORBIDDEN("the company's owner", "change the owner's role (by transferring ownership)")
      }
      await tx.orm
        .update(companyMembers)
        .set({ role })
        .where(and(eq(companyMembers.companyId, companyId), eq(companyMembers.userId, userId)))
      if (targetRole !== role)
        await this.k.audit.write(tx, { userId: callerId, companyId, origin }, await this.#entry(tx, 'member.update', userId, { changes: { role: { old: targetRole, new: role } } }))
    })
    const member = (await this.list(callerId, companyId)).find((m) => m.userId === userId)
    if (!member) throw codes.KRN_ERR_NOT_FOUND('Member', userId)
    return member
  }

  /**
   * Removes a member, or the caller leaves (userId = caller). Owner and admins remove others; an
   * admin cannot remove the owner; the owner leaves only after transferring ownership.
   */
  async remove(callerId: string, companyId: string, userId: string, origin?: RequestOrigin): Promise<void> {
    await this.k.db.transaction(async (tx) => {
      const [callerRole, targetRole] = await this.#lockPair(tx, callerId, companyId, userId)
      if (targetRole === 'owner') {
        if (callerId === userId) throw codes.KRN_ERR_COMPANY_OWNER_REQUIRED('leave the company')
        throw codes.KRN_ERR_COMPANY_FORBIDDEN('nobody', "remove the company's owner (the owner transfers ownership, then leaves)")
      }
      if (callerId !== userId && !managesCompany(callerRole)) throw codes.KRN_ERR_COMPANY_FORBIDDEN("the company's owner and admins", 'remove members')
      const entry = await this.#entry(tx, callerId === userId ? 'member.leave' : 'member.remove', userId, { role: targetRole })
      await this.k.audit.write(tx, { userId: callerId, companyId, origin }, entry)
      await tx.orm.delete(companyMembers).where(and(eq(companyMembers.companyId, companyId), eq(companyMembers.userId, userId)))
      // A session whose current company this was falls back to the person's first company.
      await tx.query(sql`update sessions set current_company_id = null where user_id = ${userId} and current_company_id = ${companyId}`)
    })
  }

  /** The owner hands the company to another member, and stays on as an admin. */
  async transferOwnership(callerId: string, companyId: string, userId: string, origin?: RequestOrigin): Promise<void> {
    await this.k.db.transaction(async (tx) => {
      const [callerRole] = await this.#lockPair(tx, callerId, companyId, userId)
      if (callerRole !== 'owner') throw codes.KRN_ERR_COMPANY_FORBIDDEN("the company's owner", 'transfer ownership')
      if (callerId === userId) return
      // Demote first: the partial unique index allows one owner row at any moment.
      await tx.orm
        .update(companyMembers)
        .set({ role: 'admin' })
        .where(and(eq(companyMembers.companyId, companyId), eq(companyMembers.userId, callerId)))
      await tx.orm
        .update(companyMembers)
        .set({ role: 'owner' })
        .where(and(eq(companyMembers.companyId, companyId), eq(companyMembers.userId, userId)))
      await this.k.audit.write(tx, { userId: callerId, companyId, origin }, await this.#entry(tx, 'company.ownership.transfer', userId, { from: callerId, to: userId }))
    })
    this.k.logger.info('company ownership transferred', { companyId, from: callerId, to: userId })
  }

  /**
   * Locks the company's member rows (every change to them serialises here) and answers the
   * caller's and the target's roles: 404 when the caller is no member (another company's id) or
   * the target is none.
   */
  async #lockPair(tx: Executor, callerId: string, companyId: string, userId: string): Promise<[string, string]> {
    if (!isUuid(companyId)) throw codes.KRN_ERR_NOT_FOUND('Company', companyId)
    await tx.query(sql`select id from companies where id = ${companyId} for update`)
    const callerRole = await this.#roleOf(tx, callerId, companyId)
    if (!isUuid(userId)) throw codes.KRN_ERR_NOT_FOUND('Member', userId)
    const [target] = await tx.orm
      .select({ role: companyMembers.role })
      .from(companyMembers)
      .where(and(eq(companyMembers.companyId, companyId), eq(companyMembers.userId, userId)))
    if (!target) throw codes.KRN_ERR_NOT_FOUND('Member', userId)
    return [callerRole, target.role]
  }

  /** An entry about a member, named so it reads well after they left. */
  async #entry(
    tx: Executor,
    action: 'member.update' | 'member.remove' | 'member.leave' | 'company.ownership.transfer',
    userId: string,
    metadata: Record<string, unknown>,
  ): Promise<AuditEntry> {
    const [u] = await tx.orm.select({ name: users.name, email: users.email }).from(users).where(eq(users.id, userId))
    return { action, resourceType: 'member', resourceId: userId, resourceName: u?.name ?? null, metadata: { ...metadata, email: u?.email ?? null } }
  }

  async #roleOf(tx: Executor, userId: string, companyId: string): Promise<string> {
    if (!isUuid(companyId)) throw codes.KRN_ERR_NOT_FOUND('Company', companyId)
    const [row] = await tx.orm
      .select({ role: companyMembers.role })
      .from(companyMembers)
      .where(and(eq(companyMembers.companyId, companyId), eq(companyMembers.userId, userId)))
    if (!row) throw codes.KRN_ERR_NOT_FOUND('Company', companyId)
    return row.role
  }
}
