import type { FastifyRequest } from 'fastify'
import type { Kernel } from '@docpal/kernel'
import { requestOrigin } from '../routes/define.ts'

/**
 * `session.login_failed` for a known account, in its first company's log (an unknown email has
 * no company: nothing is written, the warning log has the address). Not awaited by the login:
 * the answer must take the same time whether or not the email exists (no user enumeration).
 */
export function logFailedLogin(k: Kernel, userId: string, req: FastifyRequest): void {
  const origin = requestOrigin(req)
  const write = async () => {
    const [first] = await k.accounts.memberships(userId)
    if (!first) return
    await k.audit.write(
      k.db,
      { userId, companyId: first.id, origin },
      { action: 'session.login_failed', resourceType: 'user', resourceId: userId, metadata: { reason: 'bad password' } },
    )
  }
  write().catch((err: unknown) => k.logger.error('could not log a failed login', { err: String(err), userId, ip: origin.ip }))
}
