import type { FastifyInstance } from 'fastify'
import { IndexInput, type Kernel } from '@docpal/kernel'
import { route } from './define.ts'
import { IndexCreatedOut, IndexesOut } from './responses.ts'

/** Column indexes of a table: which columns have one, which are proposed from slow queries, create one. */
export function indexRoutes(app: FastifyInstance, k: Kernel): void {
  const tag = 'tables'
  route(app, k, {
    method: 'GET',
    url: '/api/tables/:tableId/indexes',
    tag,
    summary: 'Indexed columns, and indexes proposed from the slow queries that filtered, sorted or searched by a column',
    response: IndexesOut,
    handler: (c) => k.indexes.list(c.actor, c.params.tableId),
  })
  route(app, k, {
    method: 'POST',
    access: 'admin',
    url: '/api/tables/:tableId/indexes',
    tag,
    summary: "Create a column's index (idempotent; writes to the table wait while it is built)",
    body: IndexInput,
    status: 201,
    response: IndexCreatedOut,
    handler: (c) => k.indexes.create(c.actor, c.params.tableId, c.body),
  })
}
