import { and, asc, eq, isNotNull, sql } from 'drizzle-orm'
import { randomUUID } from 'node:crypto'
import type { KernelContext } from '../context.ts'
import type { Executor } from '../db/executor.ts'
import { companies, companyMembers, users } from '../db/schema.ts'
import { codes } from '../errors/codes.ts'
import { definedRoleLabel } from './company-roles.ts'
import { companySlug } from './company-slug.ts'
import { LEGACY_DEMO } from './legacy-demo.ts'

/** A person as the API shows them (never the password hash). */
export interface AccountUser {
  readonly id: string
  readonly email: string
  readonly name: string
  readonly avatar: string | null
  readonly isInstanceAdmin: boolean
  readonly emailVerified: boolean
}

export interface Membership {
  readonly id: string
  readonly name: string
  readonly slug: string
  readonly role: string
  /** The label of the person's role when the company defined it; null for owner, admin and member. */
  readonly roleLabel: string | null
}

export interface NewAccount {
  readonly email: string
  readonly name: string
  /** argon2id, made by the host: the kernel never sees a password. */
  readonly passwordHash: string
  /** An instance admin made one (`POST /api/admin/users --admin`); the first account always is one. */
  readonly isInstanceAdmin?: boolean
  /** Its own company's name; default `<name>'s company` (the host words it in the sign-up's language). */
  readonly companyName?: string
}

// Serialises sign-ups so exactly one becomes the first account (instance admin).
const FIRST_ACCOUNT_LOCK = 720_402

const userColumns = {
  id: users.id,
  email: users.email,
  name: users.name,
  avatar: users.avatar,
  isInstanceAdmin: users.isInstanceAdmin,
  emailVerifiedAt: users.emailVerifiedAt,
}

function toUser(r: { id: string; email: string | null; name: string; avatar: string | null; isInstanceAdmin: boolean; emailVerifiedAt: string | null }): AccountUser {
  return { id: r.id, email: r.email ?? '', name: r.name, avatar: r.avatar, isInstanceAdmin: r.isInstanceAdmin, emailVerified: r.emailVerifiedAt !== null }
}

/** People, the companies they belong to and their role there: what sign-up, login and requests read. */
export class AccountsService {
  constructor(private readonly k: KernelContext) {}

  /** Whether anyone can sign in yet (the first sign-up makes the instance admin). */
  async hasAccounts(): Promise<boolean> {
    const rows = await this.k.db.orm.select({ id: users.id }).from(users).where(isNotNull(users.passwordHash)).limit(1)
    return rows.length > 0
  }

  /**
   * A new account and its own company (owner). The instance's first account is its admin and
   * takes over what was made before accounts existed: the demo user's row (so `createdBy` of old
   * records is this person) and the demo company with its apps.
   */
  async createAccount(input: NewAccount): Promise<{ user: AccountUser; companyId: string; firstAccount: boolean }> {
    const email = input.email.trim()
    return this.k.db.transaction(async (tx) => {
      await tx.query(sql`select pg_advisory_xact_lock(${FIRST_ACCOUNT_LOCK})`)
      const taken = await tx.orm
        .select({ id: users.id })
        .from(users)
        .where(sql`lower(${users.email}) = lower(${email})`)
        .limit(1)
      if (taken.length > 0) throw codes.KRN_ERR_ACCOUNT_EMAIL_TAKEN({ path: ['email'] })
      const first = (await tx.orm.select({ id: users.id }).from(users).where(isNotNull(users.passwordHash)).limit(1)).length === 0
      const legacy = first ? await this.#legacyDemo(tx) : undefined
      const userId = legacy?.userId ?? randomUUID()
      if (legacy?.userId) {
        await tx.orm
          .update(users)
          .set({ email, name: input.name, passwordHash: input.passwordHash, isInstanceAdmin: true, updatedAt: sql`now()` })
          .where(eq(users.id, userId))
      } else {
        await tx.orm.insert(users).values({ id: userId, email, name: input.name, passwordHash: input.passwordHash, isInstanceAdmin: first || input.isInstanceAdmin === true })
      }
      let companyId = legacy?.companyId
      if (companyId) {
        await tx.orm
          .insert(companyMembers)
          .values({ companyId, userId, role: 'owner' })
          .onConflictDoUpdate({ target: [companyMembers.companyId, companyMembers.userId], set: { role: 'owner' } })
        await tx.orm
          .update(companies)
          .set({ createdBy: userId, updatedAt: sql`now()` })
          .where(eq(companies.id, companyId))
      } else {
        companyId = await this.createCompany(userId, { name: input.companyName ?? `${input.name}'s company` }, tx)
      }
      const [row] = await tx.orm.select(userColumns).from(users).where(eq(users.id, userId))
      if (!row) throw new Error(`account ${userId} vanished inside its own transaction`)
      return { user: toUser(row), companyId, firstAccount: first }
    })
  }

  /** A company with `ownerId` as its owner; answers its id. */
  async createCompany(ownerId: string, input: { name: string; slug?: string | undefined; description?: string | undefined }, tx: Executor = this.k.db): Promise<string> {
    const id = randomUUID()
    const slug = input.slug ?? companySlug(input.name, id)
    const clash = await tx.orm.select({ id: companies.id }).from(companies).where(eq(companies.slug, slug)).limit(1)
    if (clash.length > 0) throw codes.KRN_ERR_CONFLICT(`The company address '${slug}' is taken; choose another.`, { path: ['slug'] })
    await tx.orm.insert(companies).values({ id, name: input.name, slug, description: input.description ?? null, createdBy: ownerId })
    await tx.orm.insert(companyMembers).values({ companyId: id, userId: ownerId, role: 'owner' })
    return id
  }

  /** Who may sign in with this email (case-insensitive), with the hash to check the password against. */
  async credentials(email: string): Promise<{ userId: string; passwordHash: string } | undefined> {
    const [row] = await this.k.db.orm
      .select({ id: users.id, hash: users.passwordHash })
      .from(users)
      .where(sql`lower(${users.email}) = lower(${email.trim()})`)
      .limit(1)
    return row?.hash ? { userId: row.id, passwordHash: row.hash } : undefined
  }

  async recordLogin(userId: string): Promise<void> {
    await this.k.db.orm
      .update(users)
      .set({ lastLoginAt: sql`now()` })
      .where(eq(users.id, userId))
  }

  async user(userId: string): Promise<AccountUser | undefined> {
    const [row] = await this.k.db.orm.select(userColumns).from(users).where(eq(users.id, userId))
    return row ? toUser(row) : undefined
  }

  /** The companies a person belongs to, by name. */
  memberships(userId: string): Promise<Membership[]> {
    return this.k.db.orm
      .select({
        id: companies.id,
        name: companies.name,
        slug: companies.slug,
        role: companyMembers.role,
        roleLabel: definedRoleLabel(companyMembers.companyId, companyMembers.role),
      })
      .from(companyMembers)
      .innerJoin(companies, eq(companies.id, companyMembers.companyId))
      .where(eq(companyMembers.userId, userId))
      .orderBy(asc(companies.name), asc(companies.id))
  }

  /** The person's role in the company, or undefined when they are not a member. */
  async role(userId: string, companyId: string): Promise<string | undefined> {
    const [row] = await this.k.db.orm
      .select({ role: companyMembers.role })
      .from(companyMembers)
      .where(and(eq(companyMembers.userId, userId), eq(companyMembers.companyId, companyId)))
    return row?.role
  }

  /** The account that uses this email (case-insensitive), whether or not it has a password yet. */
  async byEmail(email: string): Promise<AccountUser | undefined> {
    const [row] = await this.k.db.orm
      .select(userColumns)
      .from(users)
      .where(sql`lower(${users.email}) = lower(${email.trim()})`)
      .limit(1)
    return row ? toUser(row) : undefined
  }

  /** The argon2 hash to check a current password against (change of password or email). */
  async passwordHash(userId: string): Promise<string | undefined> {
    const [row] = await this.k.db.orm.select({ hash: users.passwordHash }).from(users).where(eq(users.id, userId))
    return row?.hash ?? undefined
  }

  /** Marks the email verified, if the account still uses `email` (a link to an old address verifies nothing). */
  async markEmailVerified(userId: string, email: string): Promise<boolean> {
    const done = await this.k.db.orm
      .update(users)
      .set({ emailVerifiedAt: sql`coalesce(${users.emailVerifiedAt}, now())`, updatedAt: sql`now()` })
      .where(and(eq(users.id, userId), sql`lower(${users.email}) = lower(${email})`))
      .returning({ id: users.id })
    return done.length > 0
  }

  async setPassword(userId: string, passwordHash: string): Promise<void> {
    await this.k.db.orm
      .update(users)
      .set({ passwordHash, updatedAt: sql`now()` })
      .where(eq(users.id, userId))
  }

  /** Switches the account to a confirmed new address (verified: the link proved it); 409 when another account took it meanwhile. */
  async changeEmail(userId: string, email: string): Promise<void> {
    await this.k.db.transaction(async (tx) => {
      const taken = await tx.orm
        .select({ id: users.id })
        .from(users)
        .where(and(sql`lower(${users.email}) = lower(${email})`, sql`${users.id} <> ${userId}`))
        .limit(1)
      if (taken.length > 0) throw codes.KRN_ERR_ACCOUNT_EMAIL_TAKEN({ path: ['email'] })
      await tx.orm
        .update(users)
        .set({ email, emailVerifiedAt: sql`now()`, updatedAt: sql`now()` })
        .where(eq(users.id, userId))
    })
  }

  /** Name and avatar (null removes it); fields left undefined stay as they are. */
  async updateProfile(userId: string, p: { name?: string | undefined; avatar?: string | null | undefined }): Promise<AccountUser | undefined> {
    const set: Partial<typeof users.$inferInsert> = {}
    if (p.name !== undefined) set.name = p.name
    if (p.avatar !== undefined) set.avatar = p.avatar
    if (Object.keys(set).length > 0) {
      await this.k.db.orm
        .update(users)
        .set({ ...set, updatedAt: sql`now()` })
        .where(eq(users.id, userId))
    }
    return this.user(userId)
  }

  /** The pre-accounts demo rows, when this database still has them unclaimed. */
  async #legacyDemo(tx: Executor): Promise<{ userId: string | undefined; companyId: string | undefined } | undefined> {
    const [company] = await tx.orm.select({ id: companies.id }).from(companies).where(eq(companies.id, LEGACY_DEMO.companyId))
    const [user] = await tx.orm
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.id, LEGACY_DEMO.userId), sql`${users.passwordHash} is null`))
    if (!company && !user) return undefined
    return { userId: user?.id, companyId: company?.id }
  }
}
