import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { Kernel } from '@docpal/kernel'
import { hostCodes } from '../errors/codes.ts'
import type { AccountMail } from '../auth/account-mail.ts'
import { EmailField, MailSentOut, PasswordField, UserOut } from '../auth/auth-schemas.ts'
import type { Authenticator } from '../auth/authenticator.ts'
import { hashPassword } from '../auth/passwords.ts'
import { signedIn } from '../auth/signed-in.ts'
import type { SessionStarter } from '../auth/session-starter.ts'
import { requestOrigin, route } from './define.ts'

export interface AuthLinkDeps {
  readonly accountMail: AccountMail
  readonly sessions: SessionStarter
  readonly authenticator: Authenticator
  readonly perMinute: number
}

const TokenBody = z.strictObject({ token: z.string().min(10).max(200) })
const EmailBody = z.strictObject({ email: EmailField })
const ResetConfirmBody = z.strictObject({ token: z.string().min(10).max(200), password: PasswordField })

/** The same answer whether or not an account uses the address: nobody learns who has an account. */
const SENT = { sent: true as const, message: 'If an account uses this address, a mail with a link is on its way.' }

/** The links in account mails: email verification, sign-in links and password reset (API.md "Accounts, sessions, tokens"). */
export function authLinkRoutes(app: FastifyInstance, k: Kernel, d: AuthLinkDeps): void {
  const { accountMail, perMinute } = d
  const userOrFail = async (userId: string) => {
    const user = await k.accounts.user(userId)
    if (!user) throw hostCodes.HST_ERR_LINK_INVALID({ path: ['token'] })
    return user
  }

  route(app, k, {
    method: 'POST',
    url: '/api/auth/verify-email',
    tag: 'auth',
    access: 'public',
    perMinute,
    body: TokenBody,
    summary: 'Confirm the email address with the token of the verification mail (works signed in or not)',
    response: z.object({ user: UserOut }),
    handler: async (c) => {
      const used = await accountMail.use('verify-email', c.body.token)
      if (!(await k.accounts.markEmailVerified(used.userId, used.email))) throw hostCodes.HST_ERR_LINK_INVALID({ path: ['token'] })
      d.authenticator.forgetCredentials()
      return { user: await userOrFail(used.userId) }
    },
  })

  route(app, k, {
    method: 'POST',
    url: '/api/auth/verify-email/resend',
    tag: 'auth',
    access: 'user',
    perMinute,
    status: 202,
    summary: 'Send the verification mail again (a new link; the previous one stops working); 409-free: answers sent:false when already verified',
    response: MailSentOut,
    handler: async (c) => {
      const user = await userOrFail(signedIn(c).userId)
      if (user.emailVerified) return { sent: false, message: 'Your email address is verified already.' }
      await accountMail.throttle('verify-email', user.email, c.reply)
      await accountMail.send(c.req, accountMail.base(c.req), user, 'verify-email')
      return { sent: true, message: `A new verification mail is on its way to ${user.email}.` }
    },
  })

  /** A route that mails a link to an address, answering the same whether or not an account uses it. */
  const mailsLinkTo = (url: string, purpose: 'magic-link' | 'password-reset', summary: string) =>
    route(app, k, {
      method: 'POST',
      url,
      tag: 'auth',
      access: 'public',
      perMinute,
      status: 202,
      body: EmailBody,
      summary,
      response: MailSentOut,
      handler: async (c) => {
        const base = accountMail.base(c.req)
        await accountMail.throttle(purpose, c.body.email, c.reply)
        const user = await k.accounts.byEmail(c.body.email)
        if (user) accountMail.sendDetached(c.req, c.reply, base, user, purpose)
        return SENT
      },
    })

  mailsLinkTo('/api/auth/magic-link', 'magic-link', 'Mail a one-time sign-in link (15 minutes); the same answer whether or not an account uses the address')
  route(app, k, {
    method: 'POST',
    url: '/api/auth/magic-link/consume',
    tag: 'auth',
    access: 'public',
    perMinute,
    body: TokenBody,
    summary: 'Sign in with the token of a sign-in link (a new session cookie; the link proves the address, so it counts as verified)',
    response: z.object({ user: UserOut }),
    handler: async (c) => {
      const used = await accountMail.use('magic-link', c.body.token)
      await k.accounts.markEmailVerified(used.userId, used.email)
      const [first] = await k.accounts.memberships(used.userId)
      await d.sessions.startSession(c.req, c.reply, used.userId, first?.id, 'magic-link')
      await k.accounts.recordLogin(used.userId)
      k.logger.info('signed in with a mailed link', { userId: used.userId, ip: c.req.ip })
      return { user: await userOrFail(used.userId) }
    },
  })

  mailsLinkTo('/api/auth/password-reset', 'password-reset', 'Mail a password-reset link (1 hour); the same answer whether or not an account uses the address')

  route(app, k, {
    method: 'POST',
    url: '/api/auth/password-reset/confirm',
    tag: 'auth',
    access: 'public',
    perMinute,
    body: ResetConfirmBody,
    summary: 'Set a new password with the token of a reset mail: every session of the account ends, this browser gets a new one',
    response: z.object({ user: UserOut, endedSessions: z.number() }),
    handler: async (c) => {
      const used = await accountMail.use('password-reset', c.body.token)
      await k.accounts.setPassword(used.userId, await hashPassword(c.body.password))
      const ended = await k.sessions.deleteOthers(used.userId, undefined, requestOrigin(c.req))
      await k.oneTimeTokens.revokeAll(used.userId, ['magic-link', 'password-reset'])
      d.authenticator.forgetCredentials()
      await k.accounts.markEmailVerified(used.userId, used.email)
      const [first] = await k.accounts.memberships(used.userId)
      await d.sessions.startSession(c.req, c.reply, used.userId, first?.id, 'password-reset')
      k.logger.info('password reset through a mailed link', { userId: used.userId, ip: c.req.ip, endedSessions: ended.length })
      return { user: await userOrFail(used.userId), endedSessions: ended.length }
    },
  })
}
