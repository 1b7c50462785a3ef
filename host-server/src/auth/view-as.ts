import type { FastifyRequest } from 'fastify'
import type { Kernel } from '@docpal/kernel'
import { hostCodes } from '../errors/codes.ts'
import { COMPANY_ROLES_THAT_MANAGE } from './request-auth.ts'

export const VIEW_AS_HEADER = 'x-docpal-view-as'

/** Who the request acts as, for permission rules: the caller and their role, or whom they preview. */
export interface Identity {
  readonly userId: string
  readonly role: string
}

/**
 * The caller as permission rules see them. An owner or admin may send `X-DocPal-View-As:
 * role:<name>` (themselves with that role) or `user:<member id>` (that member, with their role)
 * on reads, to see what the app shows them ("view as"); a write with the header is refused, as is
 * the header from anyone else.
 */
export async function identityOf(k: Kernel, req: FastifyRequest, caller: Identity, companyId: string): Promise<Identity> {
  const header = req.headers[VIEW_AS_HEADER]
  if (header === undefined) return caller
  if (!COMPANY_ROLES_THAT_MANAGE.has(caller.role)) throw hostCodes.HST_ERR_FORBIDDEN("the company's owners and admins", 'preview the app as another role or member')
  if (req.method !== 'GET' && req.method !== 'HEAD') throw hostCodes.HST_ERR_VIEW_AS_READ_ONLY()
  const m = typeof header === 'string' ? /^(role|user):([A-Za-z0-9_-]{1,50}|[0-9a-f-]{36})$/.exec(header) : null
  if (!m?.[2]) throw hostCodes.HST_ERR_VIEW_AS_INVALID()
  const name = m[2]
  if (m[1] === 'role') {
    const roles = await k.roles.list(caller.userId, companyId)
    if (!roles.some((r) => r.name === name)) throw hostCodes.HST_ERR_VIEW_AS_INVALID()
    return { userId: caller.userId, role: name }
  }
  const member = (await k.members.list(caller.userId, companyId)).find((x) => x.userId === name)
  if (!member) throw hostCodes.HST_ERR_VIEW_AS_INVALID()
  return { userId: member.userId, role: member.role }
}
