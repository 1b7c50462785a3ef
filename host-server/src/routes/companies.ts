import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { companyInputs, type Kernel } from '@docpal/kernel'
import { signedIn } from '../auth/signed-in.ts'
import { rotateSession, type SessionDeps } from '../auth/session-cookies.ts'
import { CompanyOut, MemberOut } from './company-schemas.ts'
import { requestOrigin, route } from './define.ts'

/**
 * Companies the caller belongs to, their settings and members (API.md "Companies, members,
 * invitations"). The company is named in the URL, so these routes need no X-DocPal-Company; the
 * kernel answers 404 for a company the caller is not a member of and 403 for what their role may not do.
 */
export function companyRoutes(app: FastifyInstance, k: Kernel, d: SessionDeps): void {
  const tag = 'companies'
  const forget = (...userIds: string[]) => {
    for (const id of userIds) d.authenticator.forgetPerson(id)
  }

  route(app, k, {
    method: 'GET',
    url: '/api/companies',
    tag,
    access: 'user',
    summary: 'The companies you belong to, with your role in each',
    response: z.array(CompanyOut),
    handler: (c) => k.companies.list(signedIn(c).userId),
  })

  route(app, k, {
    method: 'POST',
    url: '/api/companies',
    tag,
    access: 'user',
    status: 201,
    body: companyInputs.CompanyInput,
    summary: 'Create a company; you are its owner',
    response: CompanyOut,
    handler: async (c) => {
      const auth = signedIn(c)
      const company = await k.companies.create(auth.userId, c.body, requestOrigin(c.req))
      forget(auth.userId)
      return company
    },
  })

  route(app, k, {
    method: 'GET',
    url: '/api/companies/:id',
    tag,
    access: 'user',
    summary: 'A company you belong to (404 for any other)',
    response: CompanyOut,
    handler: (c) => k.companies.get(signedIn(c).userId, c.params.id),
  })

  route(app, k, {
    method: 'PATCH',
    url: '/api/companies/:id',
    tag,
    access: 'user',
    body: companyInputs.CompanyPatch,
    summary: "Change a company's name, slug (unique), logo or description (owner and admins)",
    response: CompanyOut,
    handler: (c) => k.companies.update(signedIn(c).userId, c.params.id, c.body, requestOrigin(c.req)),
  })

  route(app, k, {
    method: 'DELETE',
    url: '/api/companies/:id',
    tag,
    access: 'user',
    status: 204,
    body: companyInputs.CompanyDelete,
    summary: 'Delete a company with its apps, tables (dropped), views, records and invitations, for good (the owner; confirm with its slug)',
    handler: async (c) => {
      const gone = await k.companies.delete(signedIn(c).userId, c.params.id, c.body.confirm)
      forget(...gone.memberIds)
      return undefined
    },
  })

  route(app, k, {
    method: 'GET',
    url: '/api/companies/:id/members',
    tag,
    access: 'user',
    summary: "A company's members with their roles",
    response: z.array(MemberOut),
    handler: (c) => k.members.list(signedIn(c).userId, c.params.id),
  })

  route(app, k, {
    method: 'PATCH',
    url: '/api/companies/:id/members/:userId',
    tag,
    access: 'user',
    body: companyInputs.MemberPatch,
    summary: "Make a member admin or member (owner and admins; the owner's role moves only by transfer)",
    response: MemberOut,
    handler: async (c) => {
      const member = await k.members.setRole(signedIn(c).userId, c.params.id, c.params.userId, c.body.role, requestOrigin(c.req))
      // The member's next request runs with the new role.
      forget(c.params.userId)
      return member
    },
  })

  route(app, k, {
    method: 'DELETE',
    url: '/api/companies/:id/members/:userId',
    tag,
    access: 'user',
    status: 204,
    summary: 'Remove a member (owner and admins), or leave the company (your own id); the owner transfers ownership first',
    handler: async (c) => {
      await k.members.remove(signedIn(c).userId, c.params.id, c.params.userId, requestOrigin(c.req))
      forget(c.params.userId)
      d.authenticator.forgetCredentials()
      return undefined
    },
  })

  route(app, k, {
    method: 'POST',
    url: '/api/companies/:id/transfer-ownership',
    tag,
    access: 'user',
    body: companyInputs.TransferBody,
    summary: 'Hand the company to another member (the owner); you stay on as an admin',
    response: z.array(MemberOut),
    handler: async (c) => {
      const auth = signedIn(c)
      await k.members.transferOwnership(auth.userId, c.params.id, c.body.userId, requestOrigin(c.req))
      forget(auth.userId, c.body.userId)
      // The caller's rights changed: a new session secret.
      await rotateSession(d, c.req, c.reply, auth)
      return k.members.list(auth.userId, c.params.id)
    },
  })
}
