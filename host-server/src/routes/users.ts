import type { FastifyInstance } from 'fastify'
import { UsersQuery, type Kernel } from '@docpal/kernel'
import { route } from './define.ts'

export function userRoutes(app: FastifyInstance, k: Kernel): void {
  route(app, k, {
    method: 'GET',
    url: '/api/users',
    tag: 'users',
    query: UsersQuery,
    summary: "The company's users ({id, name, email, avatar, role}); ?search= matches name or email, ?roles=a,b filters by role",
    handler: (c) => k.users.list(c.actor, c.query),
  })
}
