import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { ListQuery, SummaryBody, inputs, type Kernel } from '@docpal/kernel'
import { route } from './define.ts'
import { SummaryOut } from './responses.ts'

/**
 * The list parameters this route documents; the rest (limit, filter, a view type's own params)
 * pass through to the view type and the list, which check them.
 */
const ViewDataQuery = ListQuery.pick({ search: true })
  .extend({ cellFormat: z.enum(['id', 'label']).optional() })
  .catchall(z.unknown())

export function viewRoutes(app: FastifyInstance, k: Kernel): void {
  const tag = 'views'
  const v = k.views
  route(app, k, {
    method: 'POST',
    url: '/api/apps/:appId/views',
    tag,
    summary: 'Create a view',
    body: inputs.ViewInput,
    status: 201,
    handler: (c) => v.create(c.actor, c.params.appId, c.body),
  })
  route(app, k, { method: 'GET', url: '/api/apps/:appId/views', tag, summary: 'List views of an app', handler: (c) => v.list(c.actor, c.params.appId) })
  route(app, k, { method: 'GET', url: '/api/views/:id', tag, summary: 'Get a view', handler: (c) => v.get(c.actor, c.params.id) })
  route(app, k, { method: 'PUT', url: '/api/views/:id', tag, summary: 'Update a view', body: inputs.ViewPatch, handler: (c) => v.update(c.actor, c.params.id, c.body) })
  route(app, k, { method: 'DELETE', url: '/api/views/:id', tag, summary: 'Delete a view', status: 204, handler: (c) => v.delete(c.actor, c.params.id) })
  route(app, k, {
    method: 'GET',
    url: '/api/views/:id/data',
    tag,
    summary: "A view's data: its query AND the request's (limit, offset, filter, sort, search, cellFormat, and view-type params)",
    query: ViewDataQuery,
    handler: (c) => v.data(c.actor, c.params.id, c.query),
  })
  route(app, k, {
    method: 'POST',
    url: '/api/views/:id/summary',
    tag,
    summary: "Summary row over every record of the view: its filter AND the request's filter and search",
    body: SummaryBody,
    response: SummaryOut,
    handler: (c) => v.summary(c.actor, c.params.id, c.body),
  })
}
