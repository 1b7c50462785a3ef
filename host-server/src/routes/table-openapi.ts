import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { recordSchemas, type Kernel } from '@docpal/kernel'
import { tableDocument } from '../http/table-openapi.ts'
import { route } from './define.ts'

const DocumentOut = z.looseObject({
  openapi: z.string(),
  info: z.looseObject({ title: z.string(), version: z.string().describe("the table's metadata version and a hash of its record shapes") }),
  paths: z.record(z.string(), z.unknown()),
  components: z.record(z.string(), z.unknown()),
})

/** `GET /api/tables/:tableId/openapi.json`: the table's records, typed by its columns (as Directus and NocoDB offer). */
export function tableOpenApiRoutes(app: FastifyInstance, k: Kernel, globalDocument: () => Record<string, unknown>): void {
  route(app, k, {
    method: 'GET',
    url: '/api/tables/:tableId/openapi.json',
    tag: 'tables',
    summary: "The table's OpenAPI document: its record operations with Record, RecordPage, FieldsInput and FieldsPatch typed by its columns",
    response: DocumentOut,
    handler: async (c) => {
      // The caller's columns only: a hidden column is not even named in their document.
      const rt = await k.records.tableFor(c.actor, c.params.tableId, 'view')
      const doc = tableDocument(globalDocument(), rt.meta, recordSchemas(rt.columns, rt.env.fieldType, rt.scope(c.actor.userId)))
      // The version names the shapes: a client can tell a stale generated client by it.
      c.reply.header('etag', `"${(doc['info'] as { version: string }).version}"`)
      return doc
    },
  })
}
