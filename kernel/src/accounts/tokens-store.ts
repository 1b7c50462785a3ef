import { and, desc, eq, sql } from 'drizzle-orm'
import type { KernelContext, RequestOrigin } from '../context.ts'
import type { Executor } from '../db/executor.ts'
import { companyMembers } from '../db/schema.ts'
import { apiTokens, users } from '../db/schema.ts'

export type TokenAccess = 'read' | 'write'

export interface TokenRow {
  readonly id: string
  readonly userId: string
  readonly name: string
  /** null: every company the user belongs to. */
  readonly companyIds: string[] | null
  readonly access: TokenAccess
  readonly expiresAt: string | null
  readonly lastUsedAt: string | null
  readonly createdAt: string
}

const columns = {
  id: apiTokens.id,
  userId: apiTokens.userId,
  name: apiTokens.name,
  companyIds: apiTokens.companyIds,
  access: apiTokens.access,
  expiresAt: apiTokens.expiresAt,
  lastUsedAt: apiTokens.lastUsedAt,
  createdAt: apiTokens.createdAt,
}

function toRow(r: { access: string } & Omit<TokenRow, 'access'>): TokenRow {
  return { ...r, access: r.access === 'write' ? 'write' : 'read' }
}

/** Personal API tokens by the hash of their secret. */
export class TokensStore {
  constructor(private readonly k: KernelContext) {}

  /** A new token; `token.create` is logged to every company it reaches, in the same transaction. */
  async create(
    t: { userId: string; name: string; tokenHash: string; companyIds: string[] | null; access: TokenAccess; expiresAt: Date | null },
    origin?: RequestOrigin,
  ): Promise<TokenRow> {
    return this.k.db.transaction(async (tx) => {
      const [row] = await tx.orm
        .insert(apiTokens)
        .values({ userId: t.userId, name: t.name, tokenHash: t.tokenHash, companyIds: t.companyIds, access: t.access, expiresAt: t.expiresAt?.toISOString() ?? null })
        .returning(columns)
      if (!row) throw new Error('token insert returned no row')
      const token = toRow(row)
      await this.#audit(tx, token, 'token.create', origin)
      return token
    })
  }

  async #audit(tx: Executor, t: TokenRow, action: 'token.create' | 'token.revoke', origin: RequestOrigin | undefined): Promise<void> {
    const reach = t.companyIds ?? (await tx.orm.select({ id: companyMembers.companyId }).from(companyMembers).where(eq(companyMembers.userId, t.userId))).map((m) => m.id)
    const metadata = { access: t.access, expiresAt: t.expiresAt, allCompanies: t.companyIds === null }
    for (const companyId of reach)
      await this.k.audit.write(tx, { userId: t.userId, companyId, origin }, { action, resourceType: 'token', resourceId: t.id, resourceName: t.name, metadata })
  }

  /** The token with this secret's hash, and its person's credentials version read in the same statement (for caches). */
  async find(tokenHash: string): Promise<(TokenRow & { readonly credentialsVersion: number }) | undefined> {
    const [row] = await this.k.db.orm
      .select({ ...columns, credentialsVersion: users.credentialsChanged })
      .from(apiTokens)
      .innerJoin(users, eq(users.id, apiTokens.userId))
      .where(eq(apiTokens.tokenHash, tokenHash))
    return row ? { ...toRow(row), credentialsVersion: row.credentialsVersion } : undefined
  }

  async used(id: string): Promise<void> {
    await this.k.db.orm
      .update(apiTokens)
      .set({ lastUsedAt: sql`now()` })
      .where(eq(apiTokens.id, id))
  }

  async list(userId: string): Promise<TokenRow[]> {
    const rows = await this.k.db.orm.select(columns).from(apiTokens).where(eq(apiTokens.userId, userId)).orderBy(desc(apiTokens.createdAt)).limit(500)
    return rows.map(toRow)
  }

  async delete(userId: string, id: string, origin?: RequestOrigin): Promise<boolean> {
    return this.k.db.transaction(async (tx) => {
      const [gone] = await tx.orm
        .delete(apiTokens)
        .where(and(eq(apiTokens.userId, userId), eq(apiTokens.id, id)))
        .returning(columns)
      if (gone) await this.#audit(tx, toRow(gone), 'token.revoke', origin)
      return gone !== undefined
    })
  }
}
