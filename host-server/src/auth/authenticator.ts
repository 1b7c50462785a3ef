import type { FastifyRequest } from 'fastify'
import { LRUCache } from 'lru-cache'
import type { DocPalError } from '@docpal/plugin-sdk'
import type { Kernel } from '@docpal/kernel'
import { hostCodes } from '../errors/codes.ts'
import type { AuthSettings } from './auth-settings.ts'
import { SESSION_COOKIE } from './cookies.ts'
import { FreshnessCheck } from './freshness-check.ts'
import type { RequestAuth } from './request-auth.ts'
import { hashSecret } from './secrets.ts'

type Principal =
  | {
      readonly kind: 'session'
      readonly id: string
      readonly userId: string
      /** The person's credentials version this entry was read at. */
      readonly version: number
      currentCompanyId: string | null
      readonly expiresAt: number
      lastActivity: number
    }
  | {
      readonly kind: 'token'
      readonly id: string
      readonly userId: string
      readonly version: number
      readonly companyIds: ReadonlyArray<string> | null
      readonly readOnly: boolean
      readonly expiresAt: number | null
      lastUsed: number
    }

interface Person {
  readonly isInstanceAdmin: boolean
  /** Company id -> role, in the order of the companies' names. */
  readonly roles: ReadonlyMap<string, string>
  /** The credentials version it was read at (or after). */
  readonly version: number
}

// Lookups are cached briefly so a signed-in request costs no extra query. On PostgreSQL each
// request checks that its person's entries are current (auth/freshness-check.ts: one batched
// read, after the request arrived), so a logout, revocation or membership change committed through
// any server process counts from the next request on; this process also forgets at once what its
// own changes end. PGlite has one process: its own forgetting is all there is to know.
const CACHE_TTL_MS = 30_000
// A process that lost its place among the server processes (db/process-presence.ts) holds requests this long at most.
const REJOIN_WAIT_MS = 10_000
// last_activity_at / last_used_at are written at most this often per credential.
const TOUCH_EVERY_MS = 60_000

export interface Resolved {
  readonly auth?: RequestAuth
  /** Why credentials that were sent are refused (an unknown token, a foreign company). */
  readonly error?: DocPalError
  /** A session cookie was sent but its session has ended: the 401 says so. */
  readonly ended?: boolean
}

/** Finds who a request comes from: its session cookie or bearer token, and the company it is for. */
export class Authenticator {
  /** Credential id -> the hash its principal is cached under, so a revocation forgets that one entry. */
  readonly #hashById = new Map<string, string>()
  readonly #principals = new LRUCache<string, Principal>({ max: 20_000, ttl: CACHE_TTL_MS, dispose: (p) => this.#hashById.delete(p.id) })
  readonly #people = new LRUCache<string, Person>({ max: 20_000, ttl: CACHE_TTL_MS })
  /** Undefined on PGlite. */
  readonly #fresh: FreshnessCheck | undefined

  constructor(
    private readonly kernel: Kernel,
    private readonly settings: AuthSettings,
  ) {
    this.#fresh = kernel.db.driver === 'postgres' ? new FreshnessCheck((ids) => kernel.freshness(ids)) : undefined
    // Back to being the only process: what the others ended or changed may be cached here.
    kernel.presence?.onSolo(() => {
      this.#principals.clear()
      this.#people.clear()
    })
  }

  /** The per-request check, unless this process is the only one on its database (nothing else can change what it holds). */
  get #checking(): FreshnessCheck | undefined {
    return this.kernel.presence?.solo ? undefined : this.#fresh
  }

  async resolve(req: FastifyRequest): Promise<Resolved> {
    const away = this.kernel.presence?.whilePresent()
    if (away && !(await within(away, REJOIN_WAIT_MS))) return { error: hostCodes.HST_ERR_REJOINING() }
    const header = req.headers.authorization
    let principal: Principal | undefined
    if (header !== undefined) {
      const m = /^Bearer\s+(\S+)$/i.exec(header)
      if (!m?.[1]) return { error: hostCodes.HST_ERR_AUTH_REQUIRED('The Authorization header is not "Bearer <token>".') }
      principal = await this.#token(m[1])
      if (!principal) return { error: hostCodes.HST_ERR_AUTH_REQUIRED('The API token is unknown, revoked or expired.') }
    } else {
      const secret = req.cookies[SESSION_COOKIE]
      if (!secret) {
        // Anonymous requests (public forms, sign-in) still get current plugin settings.
        await this.#checking?.of()
        return {}
      }
      principal = await this.#session(secret)
      if (!principal) return { ended: true }
    }
    const person = await this.person(principal.userId, this.#fresh ? principal.version : undefined)
    const company = this.#company(req, principal, person)
    if (company instanceof Error) return { error: company }
    return {
      auth: {
        userId: principal.userId,
        isInstanceAdmin: person.isInstanceAdmin,
        via: principal.kind,
        credentialId: principal.id,
        readOnly: principal.kind === 'token' && principal.readOnly,
        company,
      },
    }
  }

  /** A person's instance-admin flag and company roles (cached; `version`: read at that credentials version or after). */
  async person(userId: string, version?: number): Promise<Person> {
    const hit = this.#people.get(userId)
    if (hit && (version === undefined || hit.version === version)) return hit
    // Read after `version` was, so at least as new as it: tagging it so is on the safe side.
    const [user, memberships] = await Promise.all([this.kernel.accounts.user(userId), this.kernel.accounts.memberships(userId)])
    const person: Person = { isInstanceAdmin: user?.isInstanceAdmin ?? false, roles: new Map(memberships.map((m) => [m.id, m.role])), version: version ?? -1 }
    this.#people.set(userId, person)
    return person
  }

  /** After a membership or role change of this person made here. */
  forgetPerson(userId: string): void {
    this.#people.delete(userId)
  }

  /**
   * After a logout or revocation made here: no cached credential outlives it. Given the ended
   * sessions' or tokens' ids, only those are forgotten (a logout no longer sends every signed-in
   * person's next request to the database); without ids, every cached credential is.
   */
  forgetCredentials(ids?: Iterable<string>): void {
    if (ids === undefined) {
      this.#principals.clear()
      return
    }
    for (const id of ids) {
      const hash = this.#hashById.get(id)
      if (hash !== undefined) this.#principals.delete(hash)
    }
  }

  /**
   * The principal under `hash`, cached or loaded, checked against its person's version as
   * committed now (PostgreSQL): one that changed since it was read is read again. The check also
   * brings plugin settings and permission rules up to date (auth/freshness-check.ts).
   */
  async #current(hash: string, load: () => Promise<Principal | undefined>): Promise<Principal | undefined> {
    let p = this.#principals.get(hash)
    if (!p) {
      p = await load()
      if (!p) {
        // An ended session may still reach public routes: they too get current plugins and settings.
        await this.#checking?.of()
        return undefined
      }
      this.#remember(hash, p)
    }
    const check = this.#checking
    if (!check) return p
    if ((await check.of(p.userId)) === p.version) return p
    this.#principals.delete(hash)
    // Read after the version was, so at least as new as it.
    const again = await load()
    if (again) this.#remember(hash, again)
    return again
  }

  #remember(hash: string, p: Principal): void {
    this.#principals.set(hash, p)
    this.#hashById.set(p.id, hash)
  }

  async #session(secret: string): Promise<Principal | undefined> {
    const hash = hashSecret(secret)
    const p = await this.#current(hash, async () => {
      const row = await this.kernel.sessions.find(hash)
      if (!row) return undefined
      return {
        kind: 'session',
        id: row.id,
        userId: row.userId,
        version: row.credentialsVersion,
        currentCompanyId: row.currentCompanyId,
        expiresAt: Date.parse(row.expiresAt),
        lastActivity: Date.parse(row.lastActivityAt),
      }
    })
    if (!p) return undefined
    if (p.kind !== 'session') return undefined
    const now = Date.now()
    if (now >= p.expiresAt || now >= p.lastActivity + this.settings.sessionIdleMs) {
      this.#principals.delete(hash)
      const { id, userId } = p
      this.kernel.sessions.delete(userId, id).catch((err: unknown) => this.kernel.logger.error('could not delete an ended session', { err: String(err), sessionId: id, userId }))
      return undefined
    }
    if (now - p.lastActivity > TOUCH_EVERY_MS) {
      p.lastActivity = now
      const { id, userId } = p
      this.kernel.sessions.touch(id).catch((err: unknown) => this.kernel.logger.error('could not record session activity', { err: String(err), sessionId: id, userId }))
    }
    return p
  }

  async #token(secret: string): Promise<Principal | undefined> {
    const hash = hashSecret(secret)
    const p = await this.#current(hash, async () => {
      const row = await this.kernel.apiTokens.find(hash)
      if (!row) return undefined
      return {
        kind: 'token',
        id: row.id,
        userId: row.userId,
        version: row.credentialsVersion,
        companyIds: row.companyIds,
        readOnly: row.access === 'read',
        expiresAt: row.expiresAt ? Date.parse(row.expiresAt) : null,
        lastUsed: row.lastUsedAt ? Date.parse(row.lastUsedAt) : 0,
      }
    })
    if (!p) return undefined
    if (p.kind !== 'token') return undefined
    const now = Date.now()
    if (p.expiresAt !== null && now >= p.expiresAt) return undefined
    if (now - p.lastUsed > TOUCH_EVERY_MS) {
      p.lastUsed = now
      const { id, userId } = p
      this.kernel.apiTokens.used(id).catch((err: unknown) => this.kernel.logger.error('could not record token use', { err: String(err), tokenId: id, userId }))
    }
    return p
  }

  /** X-DocPal-Company, else the session's current company (or the first), else the token's only one. */
  #company(req: FastifyRequest, p: Principal, person: Person): RequestAuth['company'] | DocPalError {
    const allowed = (id: string) => person.roles.has(id) && (p.kind === 'session' || p.companyIds === null || p.companyIds.includes(id))
    const wanted = req.headers['x-docpal-company']
    if (typeof wanted === 'string' && wanted !== '') {
      if (!allowed(wanted)) return hostCodes.HST_ERR_COMPANY_UNKNOWN(wanted.slice(0, 100))
      return { id: wanted, role: person.roles.get(wanted) ?? 'member' }
    }
    const ids = [...person.roles.keys()].filter(allowed)
    let id: string | undefined
    if (p.kind === 'session') id = p.currentCompanyId !== null && allowed(p.currentCompanyId) ? p.currentCompanyId : ids[0]
    else if (ids.length === 1) id = ids[0]
    return id === undefined ? undefined : { id, role: person.roles.get(id) ?? 'member' }
  }
}

/** Whether `p` settled within `ms`. */
async function within(p: Promise<void>, ms: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)))
  const ok = await Promise.race([p.then(() => true), late])
  clearTimeout(timer)
  return ok
}
