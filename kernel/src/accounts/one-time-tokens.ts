import { and, eq, isNull, sql } from 'drizzle-orm'
import type { KernelContext } from '../context.ts'
import { accountTokens } from '../db/schema.ts'

/** What an account mail's link is for; each purpose has its own lifetime (set by the host). */
export type OneTimePurpose = 'verify-email' | 'magic-link' | 'password-reset' | 'email-change'

export interface UsedToken {
  readonly userId: string
  /** The address the token was sent to (email-change: the new address). */
  readonly email: string
}

/**
 * Single-use, expiring tokens of account mails, by the hash of their secret. Using one is one
 * UPDATE ... WHERE used_at IS NULL AND expires_at > now(): two concurrent uses cannot both win.
 */
export class OneTimeTokensStore {
  constructor(private readonly k: KernelContext) {}

  /** A new token; earlier unused ones of the same purpose for the user stop working (only the latest mail's link counts). */
  async issue(t: { userId: string; purpose: OneTimePurpose; tokenHash: string; email: string; expiresAt: Date }): Promise<void> {
    await this.k.db.transaction(async (tx) => {
      await tx.orm
        .update(accountTokens)
        .set({ usedAt: sql`now()` })
        .where(and(eq(accountTokens.userId, t.userId), eq(accountTokens.purpose, t.purpose), isNull(accountTokens.usedAt)))
      await tx.orm.insert(accountTokens).values({ userId: t.userId, purpose: t.purpose, tokenHash: t.tokenHash, email: t.email, expiresAt: t.expiresAt.toISOString() })
    })
  }

  /** Marks the token used and answers whose it was; undefined when unknown, used, expired or of another purpose. */
  async use(purpose: OneTimePurpose, tokenHash: string): Promise<UsedToken | undefined> {
    const [row] = await this.k.db.orm
      .update(accountTokens)
      .set({ usedAt: sql`now()` })
      .where(and(eq(accountTokens.tokenHash, tokenHash), eq(accountTokens.purpose, purpose), isNull(accountTokens.usedAt), sql`${accountTokens.expiresAt} > now()`))
      .returning({ userId: accountTokens.userId, email: accountTokens.email })
    return row
  }

  /** Ends every unused token of the user (after a password reset or an email change). */
  async revokeAll(userId: string, purposes: ReadonlyArray<OneTimePurpose>): Promise<void> {
    for (const purpose of purposes) {
      await this.k.db.orm
        .update(accountTokens)
        .set({ usedAt: sql`now()` })
        .where(and(eq(accountTokens.userId, userId), eq(accountTokens.purpose, purpose), isNull(accountTokens.usedAt)))
    }
  }

  /** Deletes tokens that can no longer be used (expired or used): housekeeping; a deleted token is refused as an unknown one. */
  async purgeDead(): Promise<number> {
    const gone = await this.k.db.orm
      .delete(accountTokens)
      .where(sql`${accountTokens.expiresAt} < now() or ${accountTokens.usedAt} is not null`)
      .returning({ id: accountTokens.id })
    return gone.length
  }
}
