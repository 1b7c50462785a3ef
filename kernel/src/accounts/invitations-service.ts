import { and, desc, eq, isNull, sql } from 'drizzle-orm'
import { randomUUID } from 'node:crypto'
import type { KernelContext } from '../context.ts'
import type { AuditEntry, RequestOrigin } from '../audit/audit-entry.ts'
import type { Executor } from '../db/executor.ts'
import { companies, companyInvitations, companyMembers, users } from '../db/schema.ts'
import { codes } from '../errors/codes.ts'
import { isUuid } from '../validation.ts'
import type { AccountUser } from './accounts-service.ts'
import { definedRoleLabel, holdGivableRole, managesCompany } from './company-roles.ts'
import { invitationColumns, invitationEntry, invitationView, type InvitationContext, type InvitationKey, type InvitationSecrets, type InvitationView } from './invitation-view.ts'

/**
 * Invitations to join a company by email. Using one is a transaction that locks its row and
 * checks it is neither accepted, revoked nor expired: two concurrent accepts cannot both join.
 */
export class InvitationsService {
  constructor(private readonly k: KernelContext) {}

  async create(callerId: string, companyId: string, input: { email: string; role: string }, secrets: InvitationSecrets, origin?: RequestOrigin): Promise<InvitationView> {
    return this.k.db.transaction(async (tx) => {
      await this.#manager(tx, callerId, companyId, 'invite people')
      const member = await tx.query(
        sql`select 1 from company_members m join users u on u.id = m.user_id where m.company_id = ${companyId} and lower(u.email) = lower(${input.email})`,
      )
      if (member.length > 0) throw codes.KRN_ERR_ALREADY_MEMBER(input.email, { path: ['email'] })
      const open = await tx.orm
        .select({ id: companyInvitations.id })
        .from(companyInvitations)
        .where(
          and(
            eq(companyInvitations.companyId, companyId),
            sql`lower(${companyInvitations.email}) = lower(${input.email})`,
            isNull(companyInvitations.acceptedAt),
            isNull(companyInvitations.revokedAt),
            sql`${companyInvitations.expiresAt} > now()`,
          ),
        )
      if (open.length > 0) throw codes.KRN_ERR_INVITATION_PENDING(input.email, { path: ['email'] })
      await holdGivableRole(tx, companyId, input.role)
      const [row] = await tx.orm
        .insert(companyInvitations)
        .values({
          companyId,
          email: input.email,
          role: input.role,
          codeHash: secrets.codeHash,
          tokenHash: secrets.tokenHash,
          invitedBy: callerId,
          expiresAt: secrets.expiresAt.toISOString(),
        })
        .returning({ id: companyInvitations.id })
      if (!row) throw new Error('invitation insert returned no row')
      const inv = await this.#get(tx, row.id)
      await this.k.audit.write(tx, { userId: callerId, companyId, origin }, invitationEntry('invitation.create', inv))
      return inv
    })
  }

  /** The company's invitations, newest first (owner and admins). */
  async list(callerId: string, companyId: string): Promise<InvitationView[]> {
    await this.#manager(this.k.db, callerId, companyId, 'see invitations')
    const rows = await this.k.db.orm
      .select(invitationColumns)
      .from(companyInvitations)
      .where(eq(companyInvitations.companyId, companyId))
      .orderBy(desc(companyInvitations.createdAt))
      .limit(500)
    return rows.map(invitationView)
  }

  /** Revokes an invitation that is not accepted yet (revoking twice is harmless). */
  async revoke(callerId: string, id: string, origin?: RequestOrigin): Promise<InvitationView> {
    return this.k.db.transaction(async (tx) => {
      const inv = await this.#ofCaller(tx, callerId, id, 'revoke invitations')
      if (inv.status === 'accepted') throw codes.KRN_ERR_CONFLICT('This invitation was accepted already; remove the member instead.')
      await tx.orm
        .update(companyInvitations)
        .set({ revokedAt: sql`coalesce(${companyInvitations.revokedAt}, now())` })
        .where(eq(companyInvitations.id, id))
      if (inv.status !== 'revoked') await this.k.audit.write(tx, { userId: callerId, companyId: inv.companyId, origin }, invitationEntry('invitation.revoke', inv))
      return this.#get(tx, id)
    })
  }

  /** New secrets and a new expiry for an invitation not accepted or revoked: the old link and code stop working. */
  async resend(callerId: string, id: string, secrets: InvitationSecrets, origin?: RequestOrigin): Promise<InvitationView> {
    return this.k.db.transaction(async (tx) => {
      const inv = await this.#ofCaller(tx, callerId, id, 'resend invitations')
      if (inv.status === 'accepted' || inv.status === 'revoked') throw codes.KRN_ERR_INVITATION_INVALID()
      await tx.orm
        .update(companyInvitations)
        .set({ codeHash: secrets.codeHash, tokenHash: secrets.tokenHash, expiresAt: secrets.expiresAt.toISOString() })
        .where(eq(companyInvitations.id, id))
      const after = await this.#get(tx, id)
      await this.k.audit.write(tx, { userId: callerId, companyId: inv.companyId, origin }, invitationEntry('invitation.resend', after))
      return after
    })
  }

  /** Company and inviter names for the mail. */
  async context(id: string): Promise<InvitationContext> {
    const [row] = await this.k.db.orm
      .select({ companyName: companies.name, inviterName: users.name })
      .from(companyInvitations)
      .innerJoin(companies, eq(companies.id, companyInvitations.companyId))
      .leftJoin(users, eq(users.id, companyInvitations.invitedBy))
      .where(eq(companyInvitations.id, id))
    if (!row) throw codes.KRN_ERR_NOT_FOUND('Invitation', id)
    return { companyName: row.companyName, inviterName: row.inviterName ?? row.companyName }
  }

  /** What the accept page shows before accepting; undefined for a secret that is not (or no longer) valid. */
  async preview(key: InvitationKey): Promise<(InvitationContext & { email: string; role: string; roleLabel: string | null; expiresAt: string; hasAccount: boolean }) | undefined> {
    const [row] = await this.k.db.orm
      .select({
        id: companyInvitations.id,
        email: companyInvitations.email,
        role: companyInvitations.role,
        expiresAt: companyInvitations.expiresAt,
        // A role the company defined is shown by its label; built-in roles are named in the reader's language.
        roleLabel: definedRoleLabel(companyInvitations.companyId, companyInvitations.role),
      })
      .from(companyInvitations)
      .where(and(this.#keyMatches(key), isNull(companyInvitations.acceptedAt), isNull(companyInvitations.revokedAt), sql`${companyInvitations.expiresAt} > now()`))
    if (!row) return undefined
    const account = await this.k.db.orm
      .select({ id: users.id })
      .from(users)
      .where(sql`lower(${users.email}) = lower(${row.email}) and ${users.passwordHash} is not null`)
      .limit(1)
    return { ...(await this.context(row.id)), email: row.email, role: row.role, roleLabel: row.roleLabel, expiresAt: row.expiresAt, hasAccount: account.length > 0 }
  }

  /** A signed-in person joins with the invitation's role; it must be for their email. */
  async accept(key: InvitationKey, user: AccountUser, origin?: RequestOrigin): Promise<{ companyId: string; role: string }> {
    return this.k.db.transaction(async (tx) => {
      const inv = await this.#usable(tx, key)
      if (inv.email.toLowerCase() !== user.email.toLowerCase()) throw codes.KRN_ERR_INVITATION_OTHER_EMAIL(inv.email)
      // Someone who is a member already keeps their role (an invitation never demotes).
      const joined = await tx.orm
        .insert(companyMembers)
        .values({ companyId: inv.companyId, userId: user.id, role: inv.role, invitedBy: inv.invitedBy })
        .onConflictDoNothing()
        .returning({ id: companyMembers.id })
      await this.#markAccepted(tx, inv.id, user.id)
      await this.#logAccept(tx, inv, user.id, user.name, joined.length > 0, origin)
      const [m] = await tx.orm
        .select({ role: companyMembers.role })
        .from(companyMembers)
        .where(and(eq(companyMembers.companyId, inv.companyId), eq(companyMembers.userId, user.id)))
      return { companyId: inv.companyId, role: m?.role ?? inv.role }
    })
  }

  /**
   * Creates the account of the invited address and joins it: the email is the invitation's and
   * counts as verified (the link or code came to that mailbox, or from its inviter). No company
   * of its own is made: the person joins the inviting one.
   */
  async acceptNewAccount(
    key: InvitationKey,
    account: { name: string; passwordHash: string },
    origin?: RequestOrigin,
  ): Promise<{ userId: string; companyId: string; role: string }> {
    return this.k.db.transaction(async (tx) => {
      const inv = await this.#usable(tx, key)
      const taken = await tx.orm
        .select({ id: users.id })
        .from(users)
        .where(sql`lower(${users.email}) = lower(${inv.email})`)
        .limit(1)
      if (taken.length > 0) throw codes.KRN_ERR_ACCOUNT_EMAIL_TAKEN()
      const userId = randomUUID()
      await tx.orm.insert(users).values({ id: userId, email: inv.email, name: account.name, passwordHash: account.passwordHash, emailVerifiedAt: sql`now()` })
      await tx.orm.insert(companyMembers).values({ companyId: inv.companyId, userId, role: inv.role, invitedBy: inv.invitedBy })
      await this.#markAccepted(tx, inv.id, userId)
      await this.#logAccept(tx, inv, userId, account.name, true, origin, true)
      return { userId, companyId: inv.companyId, role: inv.role }
    })
  }

  /** `invitation.accept`, and `member.join` when the person was not a member yet. */
  async #logAccept(
    tx: Executor,
    inv: { id: string; companyId: string; email: string; role: string },
    userId: string,
    name: string,
    joined: boolean,
    origin: RequestOrigin | undefined,
    newAccount = false,
  ): Promise<void> {
    const who = { userId, companyId: inv.companyId, origin }
    const entries: AuditEntry[] = [
      { action: 'invitation.accept', resourceType: 'invitation', resourceId: inv.id, resourceName: inv.email, metadata: { role: inv.role, newAccount } },
    ]
    if (joined)
      entries.push({ action: 'member.join', resourceType: 'member', resourceId: userId, resourceName: name, metadata: { role: inv.role, invitationId: inv.id, email: inv.email } })
    await this.k.audit.writeMany(tx, who, entries)
  }

  #keyMatches(key: InvitationKey) {
    return key.by === 'code' ? eq(companyInvitations.codeHash, key.hash) : eq(companyInvitations.tokenHash, key.hash)
  }

  async #usable(tx: Executor, key: InvitationKey): Promise<{ id: string; companyId: string; email: string; role: string; invitedBy: string | null }> {
    const [inv] = await tx.orm
      .select({
        id: companyInvitations.id,
        companyId: companyInvitations.companyId,
        email: companyInvitations.email,
        role: companyInvitations.role,
        invitedBy: companyInvitations.invitedBy,
      })
      .from(companyInvitations)
      .where(and(this.#keyMatches(key), isNull(companyInvitations.acceptedAt), isNull(companyInvitations.revokedAt), sql`${companyInvitations.expiresAt} > now()`))
      .for('update')
    if (!inv) throw codes.KRN_ERR_INVITATION_INVALID({ path: [key.by] })
    return inv
  }

  async #markAccepted(tx: Executor, id: string, userId: string): Promise<void> {
    const done = await tx.orm
      .update(companyInvitations)
      .set({ acceptedAt: sql`now()`, acceptedBy: userId })
      .where(and(eq(companyInvitations.id, id), isNull(companyInvitations.acceptedAt)))
      .returning({ id: companyInvitations.id })
    // The row is locked by #usable: only a bug gets here.
    if (done.length === 0) throw new Error(`invitation ${id} was accepted twice inside one lock`)
  }

  async #get(tx: Executor, id: string): Promise<InvitationView> {
    const [row] = await tx.orm.select(invitationColumns).from(companyInvitations).where(eq(companyInvitations.id, id))
    if (!row) throw codes.KRN_ERR_NOT_FOUND('Invitation', id)
    return invitationView(row)
  }

  /** The invitation, when the caller manages its company; 404 for another company's (or an unknown) id. */
  async #ofCaller(tx: Executor, callerId: string, id: string, what: string): Promise<InvitationView> {
    if (!isUuid(id)) throw codes.KRN_ERR_NOT_FOUND('Invitation', id)
    const [row] = await tx.orm.select(invitationColumns).from(companyInvitations).where(eq(companyInvitations.id, id)).for('update')
    if (!row) throw codes.KRN_ERR_NOT_FOUND('Invitation', id)
    try {
      await this.#manager(tx, callerId, row.companyId, what)
    } catch (err) {
      // Not a member of its company: the invitation does not exist for the caller.
      if (err instanceof Error && 'code' in err && err.code === 'KRN_ERR_NOT_FOUND') throw codes.KRN_ERR_NOT_FOUND('Invitation', id)
      throw err
    }
    return invitationView(row)
  }

  async #manager(tx: Executor, callerId: string, companyId: string, what: string): Promise<void> {
    if (!isUuid(companyId)) throw codes.KRN_ERR_NOT_FOUND('Company', companyId)
    const [m] = await tx.orm
      .select({ role: companyMembers.role })
      .from(companyMembers)
      .where(and(eq(companyMembers.companyId, companyId), eq(companyMembers.userId, callerId)))
    if (!m) throw codes.KRN_ERR_NOT_FOUND('Company', companyId)
    if (!managesCompany(m.role)) throw codes.KRN_ERR_COMPANY_FORBIDDEN("the company's owner and admins", what)
  }
}
