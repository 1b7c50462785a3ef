import { and, desc, eq, sql } from 'drizzle-orm'
import type { KernelContext } from '../context.ts'
import { apiTokens } from '../db/schema.ts'

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

  async create(t: { userId: string; name: string; tokenHash: string; companyIds: string[] | null; access: TokenAccess; expiresAt: Date | null }): Promise<TokenRow> {
    const [row] = await this.k.db.orm
      .insert(apiTokens)
      .values({ userId: t.userId, name: t.name, tokenHash: t.tokenHash, companyIds: t.companyIds, access: t.access, expiresAt: t.expiresAt?.toISOString() ?? null })
      .returning(columns)
    if (!row) throw new Error('token insert returned no row')
    return toRow(row)
  }

  async find(tokenHash: string): Promise<TokenRow | undefined> {
    const [row] = await this.k.db.orm.select(columns).from(apiTokens).where(eq(apiTokens.tokenHash, tokenHash))
    return row ? toRow(row) : undefined
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

  async delete(userId: string, id: string): Promise<boolean> {
    const gone = await this.k.db.orm
      .delete(apiTokens)
      .where(and(eq(apiTokens.userId, userId), eq(apiTokens.id, id)))
      .returning({ id: apiTokens.id })
    return gone.length > 0
  }
}
