import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { DeleteManyBody, ListParams, MAX_BULK, type Kernel } from '@docpal/kernel'
import { keyBy, route } from './define.ts'

const RecordBody = z.object({ fields: z.record(z.string(), z.unknown()) })
const BulkBody = z.object({ records: z.array(RecordBody).max(MAX_BULK) })
const FieldKeyQuery = z.object({ fieldKey: z.enum(['name', 'id']).optional() })
const ListQuery = z.object({ filter: z.string().optional(), sort: z.string().optional(), fields: z.string().optional(), limit: z.number().int().optional(), offset: z.number().int().optional(), cursor: z.string().optional(), count: z.enum(['true', 'false', 'exact', 'estimate']).optional(), fieldKey: z.enum(['name', 'id']).optional() })

export function recordRoutes(app: FastifyInstance, k: Kernel): void {
  const tag = 'records'
  const r = k.records
  const base = '/api/tables/:tableId/records'
  route(app, k, { method: 'POST', url: base, tag, summary: 'Create a record', body: RecordBody, query: FieldKeyQuery, status: 201, handler: (c) => r.create(c.actor, c.params['tableId']!, c.body, keyBy(c.query)) })
  route(app, k, { method: 'POST', url: `${base}/bulk`, tag, summary: 'Bulk insert (all or nothing, COPY)', body: BulkBody, query: FieldKeyQuery, status: 201, bodyLimit: 256 * 1024 * 1024, handler: (c) => r.bulk(c.actor, c.params['tableId']!, c.body, keyBy(c.query)) })
  route(app, k, { method: 'GET', url: base, tag, summary: 'List records: filter, sort, fields (JSON), limit, offset, cursor, count', query: ListQuery, handler: (c) => r.list(c.actor, c.params['tableId']!, c.query) })
  route(app, k, { method: 'POST', url: `${base}/query`, tag, summary: 'List records with the query in the body', body: ListParams, handler: (c) => r.list(c.actor, c.params['tableId']!, { ...(c.body as object), ...(c.query['fieldKey'] !== undefined ? { fieldKey: c.query['fieldKey'] } : {}) }) })
  route(app, k, { method: 'GET', url: `${base}/:recordId`, tag, summary: 'Get a record', query: FieldKeyQuery, handler: (c) => r.get(c.actor, c.params['tableId']!, c.params['recordId']!, keyBy(c.query)) })
  route(app, k, { method: 'PUT', url: `${base}/:recordId`, tag, summary: 'Replace a record (missing fields become empty)', body: RecordBody, query: FieldKeyQuery, handler: (c) => r.update(c.actor, c.params['tableId']!, c.params['recordId']!, c.body, 'replace', keyBy(c.query)) })
  route(app, k, { method: 'PATCH', url: `${base}/:recordId`, tag, summary: 'Update some fields of a record', body: RecordBody, query: FieldKeyQuery, handler: (c) => r.update(c.actor, c.params['tableId']!, c.params['recordId']!, c.body, 'patch', keyBy(c.query)) })
  route(app, k, { method: 'POST', url: `${base}/delete`, tag, summary: 'Delete several records by id (all or nothing)', body: DeleteManyBody, handler: (c) => r.deleteMany(c.actor, c.params['tableId']!, c.body) })
  route(app, k, { method: 'DELETE', url: `${base}/:recordId`, tag, summary: 'Delete a record', handler: (c) => r.delete(c.actor, c.params['tableId']!, c.params['recordId']!) })
}
