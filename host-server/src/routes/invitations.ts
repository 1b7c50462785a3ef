import type { FastifyInstance, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { codes, companyInputs, type InvitationKey, type InvitationView, type Kernel } from '@docpal/kernel'
import { hostCodes } from '../errors/codes.ts'
import { UserOut } from '../auth/auth-schemas.ts'
import { hashInviteCode, newInviteCode } from '../auth/invite-code.ts'
import { hashPassword } from '../auth/passwords.ts'
import { hashSecret, newSecret } from '../auth/secrets.ts'
import { rotateSession, startSession, type SessionDeps } from '../auth/session-cookies.ts'
import { signedIn } from '../auth/signed-in.ts'
import { mailLink, linkBase } from '../mail/mail-links.ts'
import { requestLocale } from '../http/request-locale.ts'
import type { Mailer } from '../mail/mail-types.ts'
import { AcceptBody, InvitationKeyBody, InvitationOut, InvitationPreviewOut, NewInvitationOut } from './company-schemas.ts'
import { requestOrigin, route } from './define.ts'

export interface InvitationRouteDeps extends SessionDeps {
  readonly mailer: Mailer
  readonly allowedHosts: ReadonlyArray<string>
  /** How long an invitation (its link and code) stays valid. */
  readonly invitationTtlMs: number
}

/** The secret the body names, as the kernel looks it up (exactly one of code and token). */
function keyOf(body: { code?: string | undefined; token?: string | undefined }): InvitationKey {
  if (body.code !== undefined && body.token === undefined) return { by: 'code', hash: hashInviteCode(body.code) }
  if (body.token !== undefined && body.code === undefined) return { by: 'token', hash: hashSecret(body.token) }
  throw hostCodes.HST_ERR_BAD_REQUEST('send either the invite code ({"code": "..."}) or the link\'s token ({"token": "..."}), not both')
}

/**
 * Inviting people by email (a magic link mailed, a code shown to the inviter), revoking,
 * resending, and accepting: signed in (joins), or not (creates the account, signs in, joins).
 * Accepting works whether or not public sign-up is open: an invitation is the way in when it is not.
 */
export function invitationRoutes(app: FastifyInstance, k: Kernel, d: InvitationRouteDeps): void {
  const tag = 'invitations'
  const perMinute = d.settings.authRequestsPerIp

  /** New secrets for an invitation, with what the inviter sees once and what the mail carries. */
  const secrets = (req: FastifyRequest) => {
    // Fails before anything is stored when links could not point anywhere safe.
    const base = linkBase(req, { publicUrl: d.publicUrl, allowedHosts: d.allowedHosts })
    const code = newInviteCode()
    const token = newSecret('dpi')
    return {
      code,
      link: mailLink(base, 'invite', token),
      stored: { codeHash: hashInviteCode(code), tokenHash: hashSecret(token), expiresAt: new Date(Date.now() + d.invitationTtlMs) },
    }
  }

  /** Sends the mail; a failure is logged and reported as `mailed: false` (the inviter still has the code and link). */
  const mail = async (req: FastifyRequest, inv: InvitationView, code: string, link: string): Promise<boolean> => {
    const ctx = await k.invitations.context(inv.id)
    try {
      await d.mailer.send({
        to: inv.email,
        kind: 'invitation',
        locale: requestLocale(req.headers['accept-language']),
        data: { link, code, companyName: ctx.companyName, inviterName: ctx.inviterName, expiresAt: inv.expiresAt },
        companyId: inv.companyId,
      })
      return true
    } catch (err) {
      k.logger.error('invitation mail not sent', { err: String(err), invitationId: inv.id, companyId: inv.companyId, to: inv.email })
      return false
    }
  }

  route(app, k, {
    method: 'POST',
    url: '/api/companies/:id/invitations',
    tag,
    access: 'user',
    status: 201,
    body: companyInputs.InvitationInput,
    summary: 'Invite someone by email with a role (owner and admins): the mail carries a link; the answer carries the invite code and link, once',
    response: NewInvitationOut,
    handler: async (c) => {
      const s = secrets(c.req)
      const inv = await k.invitations.create(signedIn(c).userId, c.params.id, c.body, s.stored, requestOrigin(c.req))
      return { ...inv, inviteCode: s.code, inviteLink: s.link, mailed: await mail(c.req, inv, s.code, s.link) }
    },
  })

  route(app, k, {
    method: 'GET',
    url: '/api/companies/:id/invitations',
    tag,
    access: 'user',
    summary: "A company's invitations, newest first, with their status (owner and admins)",
    response: z.array(InvitationOut),
    handler: (c) => k.invitations.list(signedIn(c).userId, c.params.id),
  })

  route(app, k, {
    method: 'DELETE',
    url: '/api/invitations/:id',
    tag,
    access: 'user',
    status: 204,
    summary: 'Revoke an invitation: its link and code stop working (owner and admins)',
    handler: async (c) => {
      await k.invitations.revoke(signedIn(c).userId, c.params.id, requestOrigin(c.req))
      return undefined
    },
  })

  route(app, k, {
    method: 'POST',
    url: '/api/invitations/:id/resend',
    tag,
    access: 'user',
    summary: 'Mail an invitation again with a new link, code and expiry; the old link and code stop working (owner and admins)',
    response: NewInvitationOut,
    handler: async (c) => {
      const s = secrets(c.req)
      const inv = await k.invitations.resend(signedIn(c).userId, c.params.id, s.stored, requestOrigin(c.req))
      return { ...inv, inviteCode: s.code, inviteLink: s.link, mailed: await mail(c.req, inv, s.code, s.link) }
    },
  })

  route(app, k, {
    method: 'POST',
    url: '/api/invitations/preview',
    tag,
    access: 'public',
    perMinute,
    body: InvitationKeyBody,
    summary: 'What an invitation is for (company, inviter, email, role), for the accept page; 400 when it is not valid',
    response: InvitationPreviewOut,
    handler: async (c) => {
      const found = await k.invitations.preview(keyOf(c.body))
      if (!found) throw codes.KRN_ERR_INVITATION_INVALID()
      return found
    },
  })

  route(app, k, {
    method: 'POST',
    url: '/api/invitations/accept',
    tag,
    access: 'public',
    perMinute,
    body: AcceptBody,
    summary:
      'Accept an invitation by code or token: signed in, you join (the invitation must be for your email); not signed in, send name and password to create the account (its email is the invitation’s), sign in and join',
    response: z.object({ user: UserOut, companyId: z.string(), role: z.string() }),
    handler: async (c) => {
      const key = keyOf(c.body)
      const auth = c.auth
      if (auth) {
        const user = await k.accounts.user(auth.userId)
        if (!user) throw hostCodes.HST_ERR_AUTH_REQUIRED('Your account no longer exists.')
        const joined = await k.invitations.accept(key, user, requestOrigin(c.req))
        d.authenticator.forgetPerson(auth.userId)
        // Joining is a privilege change: a new session secret, now in the joined company.
        await rotateSession(d, c.req, c.reply, auth, joined.companyId)
        return { user, ...joined }
      }
      if (c.body.name === undefined || c.body.password === undefined)
        throw hostCodes.HST_ERR_BAD_REQUEST('sign in to accept, or send "name" and "password" to create the account of the invited address')
      const passwordHash = await hashPassword(c.body.password)
      const joined = await k.invitations.acceptNewAccount(key, { name: c.body.name, passwordHash }, requestOrigin(c.req))
      await startSession(d, c.req, c.reply, joined.userId, joined.companyId, 'invitation')
      const user = await k.accounts.user(joined.userId)
      if (!user) throw new Error(`account ${joined.userId} made by an invitation is gone`)
      k.logger.info('account created by invitation', { userId: joined.userId, companyId: joined.companyId, ip: c.req.ip })
      return { user, companyId: joined.companyId, role: joined.role }
    },
  })
}
