import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { Kernel } from '@docpal/kernel'
import { hostCodes } from '../errors/codes.ts'
import type { AccountMail } from '../auth/account-mail.ts'
import { EmailField, MailSentOut, PasswordField, UserOut } from '../auth/auth-schemas.ts'
import type { Authenticator } from '../auth/authenticator.ts'
import { MAX_PASSWORD, hashPassword, verifyPassword } from '../auth/passwords.ts'
import { signedIn } from '../auth/signed-in.ts'
import type { SessionStarter } from '../auth/session-starter.ts'
import { requestOrigin, route } from './define.ts'

export interface AuthProfileDeps {
  readonly accountMail: AccountMail
  readonly sessions: SessionStarter
  readonly authenticator: Authenticator
  readonly perMinute: number
}

/** 150 kB of base64: a small picture (the UI scales avatars down to 128 px before sending). */
export const MAX_AVATAR_CHARS = 150_000

const Avatar = z
  .union([
    z.url({ protocol: /^https?$/, error: 'an http(s) URL of a picture' }).max(2000),
    z
      .string()
      .max(MAX_AVATAR_CHARS, `a picture of at most ${String(MAX_AVATAR_CHARS)} characters as a data URL (about 110 kB); choose a smaller one`)
      .regex(/^data:image\/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/]+={0,2}$/, 'a data:image/(png|jpeg|gif|webp);base64 URL'),
  ])
  .nullable()
  .describe('An http(s) URL, a small data:image/...;base64 URL, or null to remove it')

const ProfileBody = z.strictObject({ name: z.string().trim().min(1).max(200).optional(), avatar: Avatar.optional() })
const PasswordBody = z.strictObject({ current: z.string().max(MAX_PASSWORD), password: PasswordField })
const EmailChangeBody = z.strictObject({ email: EmailField, password: z.string().max(MAX_PASSWORD) })
const TokenBody = z.strictObject({ token: z.string().min(10).max(200) })

/** The signed-in person's own account: profile, password, email address. */
export function authProfileRoutes(app: FastifyInstance, k: Kernel, d: AuthProfileDeps): void {
  const { accountMail, perMinute } = d
  const checkPassword = async (userId: string, password: string, field: string) => {
    const ok = await verifyPassword(await k.accounts.passwordHash(userId), password)
    if (!ok) {
      k.logger.warn('wrong current password', { userId, field })
      throw hostCodes.HST_ERR_PASSWORD_WRONG({ path: [field] })
    }
  }
  const current = async (userId: string) => {
    const user = await k.accounts.user(userId)
    if (!user) throw hostCodes.HST_ERR_AUTH_REQUIRED('Your account no longer exists.')
    return user
  }

  route(app, k, {
    method: 'PATCH',
    url: '/api/auth/me',
    tag: 'auth',
    access: 'user',
    body: ProfileBody,
    bodyLimit: MAX_AVATAR_CHARS + 4096,
    summary: 'Change your name or avatar (an http(s) URL or a small data URL; null removes it)',
    response: z.object({ user: UserOut }),
    handler: async (c) => {
      const user = await k.accounts.updateProfile(signedIn(c).userId, c.body)
      if (!user) throw hostCodes.HST_ERR_AUTH_REQUIRED('Your account no longer exists.')
      return { user }
    },
  })

  route(app, k, {
    method: 'POST',
    url: '/api/auth/password',
    tag: 'auth',
    access: 'user',
    perMinute,
    body: PasswordBody,
    summary: 'Change your password: every other session ends, this browser gets a new session cookie (rotation)',
    response: z.object({ endedSessions: z.number() }),
    handler: async (c) => {
      const auth = signedIn(c)
      await checkPassword(auth.userId, c.body.current, 'current')
      await k.accounts.setPassword(auth.userId, await hashPassword(c.body.password))
      const ended = await k.sessions.deleteOthers(auth.userId, undefined, requestOrigin(c.req))
      await k.oneTimeTokens.revokeAll(auth.userId, ['magic-link', 'password-reset'])
      d.authenticator.forgetCredentials()
      if (auth.via === 'session') await d.sessions.startSession(c.req, c.reply, auth.userId, auth.company?.id, 'password-change')
      k.logger.info('password changed', { userId: auth.userId, ip: c.req.ip, endedSessions: ended.length })
      // The caller's own (rotated) session is not counted as ended.
      return { endedSessions: Math.max(0, ended.length - (auth.via === 'session' ? 1 : 0)) }
    },
  })

  route(app, k, {
    method: 'POST',
    url: '/api/auth/email',
    tag: 'auth',
    access: 'user',
    perMinute,
    status: 202,
    body: EmailChangeBody,
    summary: 'Change your email address: a confirmation mail goes to the new address (24 hours); the old one stays in use until it is confirmed',
    response: MailSentOut,
    handler: async (c) => {
      const auth = signedIn(c)
      await checkPassword(auth.userId, c.body.password, 'password')
      const user = await current(auth.userId)
      const email = c.body.email
      if (email.toLowerCase() === user.email.toLowerCase()) throw hostCodes.HST_ERR_BAD_REQUEST('that is your email address already', { path: ['email'] })
      const other = await k.accounts.byEmail(email)
      if (other) throw hostCodes.HST_ERR_EMAIL_TAKEN({ path: ['email'] })
      await accountMail.throttle('email-change', email, c.reply)
      await accountMail.send(c.req, accountMail.base(c.req), user, 'email-change', email)
      return { sent: true, message: `A confirmation mail is on its way to ${email}; open its link to switch.` }
    },
  })

  route(app, k, {
    method: 'POST',
    url: '/api/auth/email/confirm',
    tag: 'auth',
    access: 'public',
    perMinute,
    body: TokenBody,
    summary: 'Switch the account to the new address with the token of the email-change mail (the new address counts as verified); the old address is told by mail',
    response: z.object({ user: UserOut }),
    handler: async (c) => {
      const used = await accountMail.use('email-change', c.body.token)
      const before = await current(used.userId)
      await k.accounts.changeEmail(used.userId, used.email)
      await k.oneTimeTokens.revokeAll(used.userId, ['verify-email', 'magic-link', 'password-reset'])
      d.authenticator.forgetCredentials()
      k.logger.info('email address changed', { userId: used.userId, ip: c.req.ip })
      // The old address hears of it: if someone else made the change, its owner learns where the account went.
      await accountMail.notice(c.req, before, 'email-changed', { data: { newEmail: used.email } })
      return { user: await current(used.userId) }
    },
  })
}
