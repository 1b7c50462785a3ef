import { and, asc, eq, ilike, inArray, or, type SQL } from 'drizzle-orm'
import { z } from 'zod'
import { escapeLike } from '@docpal/plugin-sdk'
import type { Actor, KernelContext } from '../context.ts'
import { companyMembers, users } from '../db/schema.ts'
import { parseOrThrow } from '../validation.ts'
import { present } from '../errors/present.ts'

export const UsersQuery = z.object({
  search: z.string().max(200).optional(),
  /** Comma-separated roles, as a user field's `filterByRole` names them. */
  roles: z.string().max(2000).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
})

/** The company's members, for pickers of user fields (who may be chosen) and avatars. */
export class UsersService {
  constructor(private readonly k: KernelContext) {}

  list(actor: Actor, raw: unknown) {
    const q = parseOrThrow(UsersQuery, raw, ['query'])
    const where: SQL[] = [eq(companyMembers.companyId, actor.companyId)]
    if (q.search) {
      const pattern = `%${escapeLike(q.search)}%`
      where.push(present(or(ilike(users.name, pattern), ilike(users.email, pattern)), 'the search condition'))
    }
    const roles = q.roles
      ?.split(',')
      .map((r) => r.trim())
      .filter(Boolean)
    if (roles?.length) where.push(inArray(companyMembers.role, roles))
    return this.k.db.orm
      .select({ id: users.id, name: users.name, email: users.email, avatar: users.avatar, role: companyMembers.role })
      .from(companyMembers)
      .innerJoin(users, eq(users.id, companyMembers.userId))
      .where(and(...where))
      .orderBy(asc(users.name), asc(users.id))
      .limit(q.limit)
  }
}
