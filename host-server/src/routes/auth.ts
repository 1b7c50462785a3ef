import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { randomUUID } from 'node:crypto'
import { codes, isUuid, type Kernel, type TokenRow } from '@docpal/kernel'
import { hostCodes } from '../errors/codes.ts'
import type { AuthSettings } from '../auth/auth-settings.ts'
import type { Authenticator } from '../auth/authenticator.ts'
import type { HitCounter } from '../auth/hit-counter.ts'
import { AuthStateOut, LoginBody, MeOut, NewTokenOut, SessionOut, SignupBody, SwitchCompanyBody, TokenBody, TokenOut, UserOut } from '../auth/auth-schemas.ts'
import { clearSessionCookies, SESSION_COOKIE } from '../auth/cookies.ts'
import { rotateSession, type SessionDeps } from '../auth/session-cookies.ts'
import { hashPassword, verifyPassword } from '../auth/passwords.ts'
import { hashSecret, newSecret } from '../auth/secrets.ts'
import { sessionStarter } from '../auth/session-starter.ts'
import { AccountMail } from '../auth/account-mail.ts'
import { signedIn } from '../auth/signed-in.ts'
import { authLinkRoutes } from './auth-links.ts'
import { authProfileRoutes } from './auth-profile.ts'
import { requestOrigin, route } from './define.ts'
import type { Mailer } from '../mail/mail-types.ts'
import { ownCompanyName, requestLocale } from '../http/request-locale.ts'
import { logFailedLogin } from '../auth/failed-login.ts'

export interface AuthRouteDeps {
  readonly authenticator: Authenticator
  readonly settings: AuthSettings
  readonly publicUrl: string | undefined
  /** Sends the account mails (SMTP or the development outbox). */
  readonly mailer: Mailer
  /** Host names the settings name (links in mails fall back to the request's origin only for these). */
  readonly allowedHosts: ReadonlyArray<string>
  /** Where failed logins per email are counted (shared by every server process). */
  readonly counter: HitCounter
}

const FAILED_LOGIN_WINDOW_MS = 15 * 60_000

/**
 * What a sign-up with a taken address answers: the shape and values a new (not first) account
 * has, under an id that names nobody, so the body does not tell that the address is taken.
 */
function unsavedUser(body: z.output<typeof SignupBody>): z.output<typeof UserOut> {
  return { id: randomUUID(), email: body.email, name: body.name, avatar: null, isInstanceAdmin: false, emailVerified: false }
}

function tokenOut(t: TokenRow): z.output<typeof TokenOut> {
  return {
    id: t.id,
    name: t.name,
    scopes: t.access === 'write' ? ['read', 'write'] : ['read'],
    companyIds: t.companyIds,
    expiresAt: t.expiresAt,
    lastUsedAt: t.lastUsedAt,
    createdAt: t.createdAt,
  }
}

/** Sign-up, login, logout, the signed-in person, sessions and API tokens (API.md "Accounts, sessions, tokens"). */
export function authRoutes(app: FastifyInstance, k: Kernel, d: AuthRouteDeps): void {
  const perMinute = d.settings.authRequestsPerIp
  // Failed logins per email: a password is not guessed from many addresses (or server processes) either.
  // A counter that fails is logged and the login goes on: an outage of Redis must not lock everyone out.
  const failures = {
    key: (email: string) => `login-failed:${email}`,
    safely: <T>(what: Promise<T>, fallback: T) =>
      what.catch(
        (err: unknown) => (k.logger.warn('failed-login counter unavailable', { counter: d.counter.kind, err: err instanceof Error ? err.message : String(err) }), fallback),
      ),
  }

  const sessionDeps: SessionDeps = { kernel: k, authenticator: d.authenticator, settings: d.settings, publicUrl: d.publicUrl }
  const sessions = sessionStarter(sessionDeps)
  const { endCookieSession, startSession } = sessions
  const accountMail = new AccountMail(k, d.mailer, { publicUrl: d.publicUrl, allowedHosts: d.allowedHosts }, d.counter)
  authLinkRoutes(app, k, { accountMail, sessions, authenticator: d.authenticator, perMinute })
  authProfileRoutes(app, k, { accountMail, sessions, authenticator: d.authenticator, perMinute })

  const me = async (userId: string, currentCompanyId: string | undefined): Promise<z.output<typeof MeOut>> => {
    const [user, companies] = await Promise.all([k.accounts.user(userId), k.accounts.memberships(userId)])
    if (!user) throw hostCodes.HST_ERR_AUTH_REQUIRED('Your account no longer exists.')
    return { user, companies, currentCompanyId: currentCompanyId ?? null }
  }

  route(app, k, {
    method: 'GET',
    url: '/api/auth/state',
    tag: 'auth',
    access: 'public',
    summary: 'Whether anyone has signed up yet and whether sign-up is open (for the login page)',
    response: AuthStateOut,
    handler: async () => {
      const hasAccounts = await k.accounts.hasAccounts()
      return { hasAccounts, signupOpen: !hasAccounts || d.settings.signup === 'open' }
    },
  })

  route(app, k, {
    method: 'POST',
    url: '/api/auth/signup',
    tag: 'auth',
    access: 'public',
    perMinute,
    status: 201,
    body: SignupBody,
    summary:
      'Create an account and sign in (session cookie); the first account is the instance admin and owns the first company. An address that has an account answers the same 201 without a session, and its owner is mailed',
    response: z.object({ user: UserOut }),
    handler: async (c) => {
      if (d.settings.signup === 'invite' && (await k.accounts.hasAccounts())) throw hostCodes.HST_ERR_SIGNUP_CLOSED()
      const passwordHash = await hashPassword(c.body.password)
      let created: Awaited<ReturnType<typeof k.accounts.createAccount>>
      try {
        created = await k.accounts.createAccount({
          email: c.body.email,
          name: c.body.name,
          passwordHash,
          companyName: ownCompanyName(c.body.name, requestLocale(c.req.headers['accept-language'])),
        })
      } catch (err) {
        if (!codes.KRN_ERR_ACCOUNT_EMAIL_TAKEN.is(err)) throw err
        // A taken address answers like a new account (no session though), and its owner is told.
        const owner = await k.accounts.byEmail(c.body.email)
        if (owner) await accountMail.notice(c.req, owner, 'signup-attempt')
        k.logger.info('sign-up with an address that has an account; its owner was mailed', { ip: c.req.ip })
        return { user: unsavedUser(c.body) }
      }
      await startSession(c.req, c.reply, created.user.id, created.companyId, 'signup')
      k.logger.info('account created', { userId: created.user.id, firstAccount: created.firstAccount, ip: c.req.ip })
      // The account exists either way: a mail that cannot go out now is sent again from the banner.
      try {
        await accountMail.send(c.req, accountMail.base(c.req), created.user, 'verify-email')
      } catch (err) {
        k.logger.error('verification mail not sent at sign-up', { userId: created.user.id, ip: c.req.ip, error: err instanceof Error ? err.message : String(err) })
      }
      return { user: created.user }
    },
  })

  route(app, k, {
    method: 'POST',
    url: '/api/auth/login',
    tag: 'auth',
    access: 'public',
    perMinute,
    body: LoginBody,
    summary: 'Sign in with email and password: a new session cookie (any session the browser had is ended)',
    response: z.object({ user: UserOut }),
    handler: async (c) => {
      const key = failures.key(c.body.email.trim().toLowerCase())
      const failed = await failures.safely(d.counter.read(key), { hits: 0, ttlMs: 0 })
      if (failed.hits >= d.settings.loginAttemptsPerEmail) {
        const left = Math.max(1, Math.ceil(failed.ttlMs / 1000))
        c.reply.header('retry-after', String(left))
        throw hostCodes.HST_ERR_RATE_LIMITED(`${Math.ceil(left / 60)} minute(s)`)
      }
      const cred = await k.accounts.credentials(c.body.email)
      // Unknown emails are checked against a decoy hash: the same answer, in the same time.
      const ok = await verifyPassword(cred?.passwordHash, c.body.password)
      if (!ok || !cred) {
        await failures.safely(d.counter.hit(key, FAILED_LOGIN_WINDOW_MS), undefined)
        k.logger.warn('failed login', { ip: c.req.ip, known: cred !== undefined })
        // Logged to the account's first company; an unknown email has no company to log to.
        if (cred) logFailedLogin(k, cred.userId, c.req)
        throw hostCodes.HST_ERR_AUTH_BAD_CREDENTIALS()
      }
      await failures.safely(d.counter.clear(key), undefined)
      const [first] = await k.accounts.memberships(cred.userId)
      await startSession(c.req, c.reply, cred.userId, first?.id, 'password')
      await k.accounts.recordLogin(cred.userId)
      const user = await k.accounts.user(cred.userId)
      if (!user) throw hostCodes.HST_ERR_AUTH_BAD_CREDENTIALS()
      return { user }
    },
  })

  route(app, k, {
    method: 'POST',
    url: '/api/auth/logout',
    tag: 'auth',
    access: 'public',
    status: 204,
    summary: 'End this session (its cookie is cleared); answers 204 whether or not one was open',
    handler: async (c) => {
      await endCookieSession(c.req, true)
      clearSessionCookies(c.req, c.reply, d.publicUrl)
      return undefined
    },
  })

  route(app, k, {
    method: 'GET',
    url: '/api/auth/me',
    tag: 'auth',
    access: 'user',
    summary: 'The signed-in person, their companies with their role, and the current company',
    response: MeOut,
    handler: (c) => me(signedIn(c).userId, c.auth?.company?.id),
  })

  route(app, k, {
    method: 'POST',
    url: '/api/auth/switch-company',
    tag: 'auth',
    access: 'user',
    body: SwitchCompanyBody,
    summary: "Make another of the person's companies the session's current one",
    response: MeOut,
    handler: async (c) => {
      const auth = signedIn(c)
      if (auth.via !== 'session' || !c.req.cookies[SESSION_COOKIE])
        throw hostCodes.HST_ERR_BAD_REQUEST('API tokens choose the company per request with the X-DocPal-Company header')
      const role = await k.accounts.role(auth.userId, c.body.companyId)
      if (!role) throw hostCodes.HST_ERR_COMPANY_UNKNOWN(c.body.companyId)
      // Another company is another set of rights: a new secret, the old one dead.
      await rotateSession(sessionDeps, c.req, c.reply, auth, c.body.companyId)
      return me(auth.userId, c.body.companyId)
    },
  })

  route(app, k, {
    method: 'GET',
    url: '/api/auth/sessions',
    tag: 'auth',
    access: 'user',
    summary: "The signed-in person's sessions (browsers), most recently used first",
    response: z.array(SessionOut),
    handler: async (c) => {
      const auth = signedIn(c)
      const rows = await k.sessions.list(auth.userId)
      return rows.map((r) => ({ ...r, current: auth.via === 'session' && r.id === auth.credentialId }))
    },
  })

  route(app, k, {
    method: 'DELETE',
    url: '/api/auth/sessions',
    tag: 'auth',
    access: 'user',
    summary: 'Log out everywhere else: end every session of the person but this one',
    response: z.object({ ended: z.number() }),
    handler: async (c) => {
      const auth = signedIn(c)
      const gone = await k.sessions.deleteOthers(auth.userId, auth.via === 'session' ? auth.credentialId : undefined, requestOrigin(c.req))
      d.authenticator.forgetCredentials(gone)
      return { ended: gone.length }
    },
  })

  route(app, k, {
    method: 'DELETE',
    url: '/api/auth/sessions/:sessionId',
    tag: 'auth',
    access: 'user',
    status: 204,
    summary: 'End one of your sessions (404 for a session that is not yours)',
    handler: async (c) => {
      if (!isUuid(c.params.sessionId) || !(await k.sessions.delete(signedIn(c).userId, c.params.sessionId, requestOrigin(c.req))))
        throw hostCodes.HST_ERR_SESSION_UNKNOWN(c.params.sessionId)
      d.authenticator.forgetCredentials([c.params.sessionId])
      return undefined
    },
  })

  route(app, k, {
    method: 'GET',
    url: '/api/auth/tokens',
    tag: 'auth',
    access: 'user',
    summary: 'Your personal API tokens (never their secrets)',
    response: z.array(TokenOut),
    handler: async (c) => (await k.apiTokens.list(signedIn(c).userId)).map(tokenOut),
  })

  route(app, k, {
    method: 'POST',
    url: '/api/auth/tokens',
    tag: 'auth',
    access: 'user',
    status: 201,
    body: TokenBody,
    summary: 'Create a personal API token; the answer carries its secret once (use it as "Authorization: Bearer <token>")',
    response: NewTokenOut,
    handler: async (c) => {
      const auth = signedIn(c)
      const companyIds = c.body.companyIds ? [...new Set(c.body.companyIds)] : null
      for (const [i, id] of (companyIds ?? []).entries()) {
        if (!(await k.accounts.role(auth.userId, id))) throw hostCodes.HST_ERR_COMPANY_UNKNOWN(id, { path: ['companyIds', i] })
      }
      const expiresAt = c.body.expiresAt ? new Date(c.body.expiresAt) : null
      if (expiresAt && expiresAt.getTime() <= Date.now()) throw hostCodes.HST_ERR_BAD_REQUEST('expiresAt is in the past', { path: ['expiresAt'] })
      const secret = newSecret('dpt')
      const row = await k.apiTokens.create(
        {
          userId: auth.userId,
          name: c.body.name,
          tokenHash: hashSecret(secret),
          companyIds,
          access: c.body.scopes.includes('write') ? 'write' : 'read',
          expiresAt,
        },
        requestOrigin(c.req),
      )
      return { ...tokenOut(row), token: secret }
    },
  })

  route(app, k, {
    method: 'DELETE',
    url: '/api/auth/tokens/:tokenId',
    tag: 'auth',
    access: 'user',
    status: 204,
    summary: 'Revoke one of your API tokens at once',
    handler: async (c) => {
      if (!isUuid(c.params.tokenId) || !(await k.apiTokens.delete(signedIn(c).userId, c.params.tokenId, requestOrigin(c.req))))
        throw hostCodes.HST_ERR_TOKEN_UNKNOWN(c.params.tokenId)
      d.authenticator.forgetCredentials([c.params.tokenId])
      return undefined
    },
  })
}
