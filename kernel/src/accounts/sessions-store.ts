import { and, desc, eq, ne, sql } from 'drizzle-orm'
import type { KernelContext, RequestOrigin } from '../context.ts'
import type { Executor } from '../db/executor.ts'
import { sessions, users } from '../db/schema.ts'

export interface SessionRow {
  readonly id: string
  readonly userId: string
  readonly currentCompanyId: string | null
  readonly createdAt: string
  readonly lastActivityAt: string
  readonly expiresAt: string
  readonly ipAddress: string | null
  readonly userAgent: string | null
}

const columns = {
  id: sessions.id,
  userId: sessions.userId,
  currentCompanyId: sessions.currentCompanyId,
  createdAt: sessions.createdAt,
  lastActivityAt: sessions.lastActivityAt,
  expiresAt: sessions.expiresAt,
  ipAddress: sessions.ipAddress,
  userAgent: sessions.userAgent,
}

/** Sessions by the hash of their secret; the host makes secrets, checks expiry and sets cookies. */
export class SessionsStore {
  constructor(private readonly k: KernelContext) {}

  /**
   * A new session; `session.login` (with how: password, signup) is logged to the company the
   * session opens on, in the same transaction (a person without a company has no log to write to).
   */
  async create(
    s: { userId: string; tokenHash: string; companyId: string | undefined; expiresAt: Date; ip: string | undefined; userAgent: string | undefined },
    origin?: RequestOrigin,
    how = 'password',
  ): Promise<string> {
    return this.k.db.transaction(async (tx) => {
      const id = await this.#insert(tx, s)
      if (s.companyId)
        await this.k.audit.write(tx, { userId: s.userId, companyId: s.companyId, origin }, { action: 'session.login', resourceType: 'session', resourceId: id, metadata: { how } })
      return id
    })
  }

  async #insert(
    tx: Executor,
    s: { userId: string; tokenHash: string; companyId: string | undefined; expiresAt: Date; ip: string | undefined; userAgent: string | undefined },
  ): Promise<string> {
    const [row] = await tx.orm
      .insert(sessions)
      .values({
        userId: s.userId,
        tokenHash: s.tokenHash,
        currentCompanyId: s.companyId ?? null,
        expiresAt: s.expiresAt.toISOString(),
        ipAddress: s.ip ?? null,
        userAgent: s.userAgent?.slice(0, 500) ?? null,
      })
      .returning({ id: sessions.id })
    if (!row) throw new Error('session insert returned no row')
    return row.id
  }

  /** The session with this secret's hash, and its person's credentials version read in the same statement (for caches). */
  async find(tokenHash: string): Promise<(SessionRow & { readonly credentialsVersion: number }) | undefined> {
    const [row] = await this.k.db.orm
      .select({ ...columns, credentialsVersion: users.credentialsChanged })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(eq(sessions.tokenHash, tokenHash))
    return row
  }

  async touch(id: string): Promise<void> {
    await this.k.db.orm
      .update(sessions)
      .set({ lastActivityAt: sql`now()` })
      .where(eq(sessions.id, id))
  }

  async setCompany(id: string, companyId: string): Promise<void> {
    await this.k.db.orm.update(sessions).set({ currentCompanyId: companyId }).where(eq(sessions.id, id))
  }

  /** A new secret for the session (privilege change), and optionally its current company; answers whether it still exists. */
  async rotate(id: string, tokenHash: string, companyId?: string): Promise<boolean> {
    const done = await this.k.db.orm
      .update(sessions)
      .set(companyId ? { tokenHash, currentCompanyId: companyId, lastActivityAt: sql`now()` } : { tokenHash, lastActivityAt: sql`now()` })
      .where(eq(sessions.id, id))
      .returning({ id: sessions.id })
    return done.length > 0
  }

  /**
   * Removes one of the user's sessions; answers whether there was one. With `origin`, a
   * `session.logout` entry goes to the session's company (a session replaced at login is not one).
   */
  async delete(userId: string, id: string, origin?: RequestOrigin): Promise<boolean> {
    return this.k.db.transaction(async (tx) => {
      const [gone] = await tx.orm
        .delete(sessions)
        .where(and(eq(sessions.userId, userId), eq(sessions.id, id)))
        .returning({ id: sessions.id, companyId: sessions.currentCompanyId })
      if (gone?.companyId && origin)
        await this.k.audit.write(tx, { userId, companyId: gone.companyId, origin }, { action: 'session.logout', resourceType: 'session', resourceId: id })
      return gone !== undefined
    })
  }

  /** Every session of the user but `keep` (log out everywhere else; after a password change); one `session.logout` entry each. */
  async deleteOthers(userId: string, keep: string | undefined, origin?: RequestOrigin): Promise<string[]> {
    return this.k.db.transaction(async (tx) => {
      const gone = await tx.orm
        .delete(sessions)
        .where(keep ? and(eq(sessions.userId, userId), ne(sessions.id, keep)) : eq(sessions.userId, userId))
        .returning({ id: sessions.id, companyId: sessions.currentCompanyId })
      for (const g of gone)
        if (g.companyId)
          await this.k.audit.write(
            tx,
            { userId, companyId: g.companyId, origin },
            { action: 'session.logout', resourceType: 'session', resourceId: g.id, metadata: { everywhere: true } },
          )
      return gone.map((g) => g.id)
    })
  }

  list(userId: string): Promise<SessionRow[]> {
    return this.k.db.orm.select(columns).from(sessions).where(eq(sessions.userId, userId)).orderBy(desc(sessions.lastActivityAt)).limit(200)
  }

  /** Drops sessions past their absolute expiry (called now and then; expired ones are refused anyway). */
  async purgeExpired(): Promise<number> {
    const gone = await this.k.db.orm
      .delete(sessions)
      .where(sql`${sessions.expiresAt} < now()`)
      .returning({ id: sessions.id })
    return gone.length
  }
}
