import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { BulkUpdateBody, DeleteManyBody, RestoreBody, SummaryBody, ListParams, ListQuery, MAX_BULK, WRITE_SOURCES, type Kernel } from '@docpal/kernel'
import type { RequestGate } from '../http/request-gate.ts'
import { FieldKeyQuery, route } from './define.ts'
import { BulkOut, BulkUpdateOut, DeletedOut, RecordOut, RecordPageOut, RestoredOut, SummaryOut } from './responses.ts'

/**
 * A record write. Strict: a misspelt key (`field`), `{}`, `{"fields": null}` are refused rather
 * than read as "no fields", which a PUT would turn into a record with every field emptied.
 * `{"fields": {}}` stays valid: on PUT it is the explicit "clear every field".
 */
const isFields = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v)
// A check, not z.record: the kernel validates every value by its column's type anyway, and
// z.record copies each object key by key (2.4 ms of a 1,000-record bulk request, for nothing).
const Fields = z
  .custom<Record<string, unknown>>(isFields, { error: 'must be an object of column values' })
  .meta({ type: 'object', additionalProperties: {}, description: 'Column values by column name (or id with fieldKey=id).' })
const RecordBody = z.strictObject({ fields: Fields })
const BulkBody = z.strictObject({ records: z.array(RecordBody).max(MAX_BULK) })
const RecordGetQuery = FieldKeyQuery.extend({ cellFormat: ListParams.shape.cellFormat })
/** How a bulk write reads its cells: a grid paste sends spreadsheet text and keeps the cells that read. */
const BulkWriteQuery = FieldKeyQuery.extend({
  input: z.enum(['json', 'text']).default('json').describe("text: string values are typed text, read by each column's type as an import reads a file"),
  onInvalid: z.enum(['refuse', 'skip']).default('refuse').describe('skip: refused cells are left out and listed in `rejected`, the rest is written'),
})
const cellOptions = (q: { input: 'json' | 'text'; onInvalid: 'refuse' | 'skip' }) => ({ text: q.input === 'text', skipInvalid: q.onInvalid === 'skip' })

export function recordRoutes(app: FastifyInstance, k: Kernel, limits: { bulkBody: number; bulkGate?: RequestGate }): void {
  const tag = 'records'
  const r = k.records
  const base = '/api/tables/:tableId/records'
  route(app, k, {
    method: 'POST',
    url: base,
    tag,
    summary: 'Create a record',
    body: RecordBody,
    query: FieldKeyQuery.extend({
      via: z.enum(WRITE_SOURCES).optional().describe("form: submitted through the table's form (workflows' 'form submitted' trigger starts on these)"),
    }),
    status: 201,
    response: RecordOut,
    handler: (c) => r.create(c.actor, c.params.tableId, c.body, c.query.fieldKey, c.query.via ? { source: c.query.via } : {}),
  })
  route(app, k, {
    method: 'POST',
    url: `${base}/bulk`,
    tag,
    summary: 'Bulk insert (all or nothing, COPY)',
    body: BulkBody,
    query: BulkWriteQuery,
    status: 201,
    bodyLimit: limits.bulkBody,
    ...(limits.bulkGate ? { gate: limits.bulkGate } : {}),
    response: BulkOut,
    handler: (c) => r.bulk(c.actor, c.params.tableId, c.body, c.query.fieldKey, cellOptions(c.query)),
  })
  route(app, k, {
    method: 'PATCH',
    url: base,
    tag,
    summary: 'Bulk update: merge fields into several records (one transaction, all or nothing)',
    body: BulkUpdateBody,
    query: BulkWriteQuery,
    bodyLimit: limits.bulkBody,
    response: BulkUpdateOut,
    handler: (c) => r.bulkUpdate(c.actor, c.params.tableId, c.body, c.query.fieldKey, cellOptions(c.query)),
  })
  route(app, k, {
    method: 'GET',
    url: base,
    tag,
    summary: 'List records: filter, sort, fields (JSON), limit, offset, cursor, count',
    query: ListQuery,
    response: RecordPageOut,
    handler: (c) => r.list(c.actor, c.params.tableId, c.query),
  })
  route(app, k, {
    method: 'POST',
    url: `${base}/query`,
    tag,
    summary: 'List records with the query in the body',
    body: ListParams.optional(),
    query: FieldKeyQuery.partial().extend({ cellFormat: z.enum(['id', 'label']).optional() }),
    response: RecordPageOut,
    handler: (c) =>
      r.list(c.actor, c.params.tableId, {
        ...c.body,
        ...(c.query.fieldKey !== undefined ? { fieldKey: c.query.fieldKey } : {}),
        ...(c.query.cellFormat !== undefined ? { cellFormat: c.query.cellFormat } : {}),
      }),
  })
  route(app, k, {
    method: 'POST',
    url: `${base}/summary`,
    tag,
    summary: 'Summary row: count, empty, sum, avg, min, max per column over every record the filter and search match',
    body: SummaryBody,
    response: SummaryOut,
    handler: (c) => r.summary(c.actor, c.params.tableId, c.body),
  })
  route(app, k, {
    method: 'GET',
    url: `${base}/:recordId`,
    tag,
    summary: 'Get a record',
    query: RecordGetQuery,
    response: RecordOut,
    handler: (c) => r.get(c.actor, c.params.tableId, c.params.recordId, c.query.fieldKey, c.query.cellFormat),
  })
  route(app, k, {
    method: 'PUT',
    url: `${base}/:recordId`,
    tag,
    summary: 'Replace a record: fields not sent become empty ({"fields": {}} empties them all)',
    body: RecordBody,
    query: FieldKeyQuery,
    response: RecordOut,
    handler: (c) => r.update(c.actor, c.params.tableId, c.params.recordId, c.body, 'replace', c.query.fieldKey),
  })
  route(app, k, {
    method: 'PATCH',
    url: `${base}/:recordId`,
    tag,
    summary: 'Update some fields of a record',
    body: RecordBody,
    query: FieldKeyQuery,
    response: RecordOut,
    handler: (c) => r.update(c.actor, c.params.tableId, c.params.recordId, c.body, 'patch', c.query.fieldKey),
  })
  route(app, k, {
    method: 'POST',
    url: `${base}/delete`,
    tag,
    summary: 'Delete several records by id (all or nothing)',
    body: DeleteManyBody,
    response: DeletedOut,
    handler: (c) => r.deleteMany(c.actor, c.params.tableId, c.body),
  })
  route(app, k, {
    method: 'POST',
    url: `${base}/restore`,
    tag,
    summary: 'Restore deleted records as they were: same ids, values and links (all or nothing)',
    body: RestoreBody,
    response: RestoredOut,
    handler: (c) => r.restore(c.actor, c.params.tableId, c.body),
  })
  route(app, k, {
    method: 'DELETE',
    url: `${base}/:recordId`,
    tag,
    summary: 'Delete a record',
    status: 204,
    handler: (c) => r.delete(c.actor, c.params.tableId, c.params.recordId),
  })
}
