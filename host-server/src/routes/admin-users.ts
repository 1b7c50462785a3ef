import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { Kernel } from '@docpal/kernel'
import { SignupBody, UserOut } from '../auth/auth-schemas.ts'
import { hashPassword } from '../auth/passwords.ts'
import { route } from './define.ts'

const AdminUserBody = SignupBody.extend({ isInstanceAdmin: z.boolean().default(false).describe('make the person an instance admin too (plugins, metrics)') })

/**
 * Accounts made by an instance admin (`pnpm docpal users create` once the first account exists):
 * works when sign-up is invitation only, and signs nobody in. The person gets a company of their
 * own, as at sign-up.
 */
export function adminUserRoutes(app: FastifyInstance, k: Kernel): void {
  route(app, k, {
    method: 'POST',
    url: '/api/admin/users',
    tag: 'auth',
    access: 'instance-admin',
    status: 201,
    body: AdminUserBody,
    summary: 'Create an account (instance admins): email, name, password, optionally instance admin; the person owns a new company',
    response: z.object({ user: UserOut, companyId: z.string() }),
    handler: async (c) => {
      const passwordHash = await hashPassword(c.body.password)
      const created = await k.accounts.createAccount({ email: c.body.email, name: c.body.name, passwordHash, isInstanceAdmin: c.body.isInstanceAdmin })
      k.logger.info('account created by an instance admin', { userId: created.user.id, by: c.auth?.userId, instanceAdmin: created.user.isInstanceAdmin })
      return { user: created.user, companyId: created.companyId }
    },
  })
}
