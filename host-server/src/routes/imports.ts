import { COMPANY_ROLES_THAT_MANAGE } from '../auth/request-auth.ts'
import type { Readable } from 'node:stream'
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { Kernel } from '@docpal/kernel'
import { hostCodes } from '../errors/codes.ts'
import { previewFile, type ReadSettings } from '../imports/import-file.ts'
import { ImportJobs, type ImportJob } from '../imports/import-jobs.ts'
import { DELIMITERS, IMPORT_ENCODINGS, IMPORT_FORMATS, sniffDelimiter, sniffEncoding, sniffFormat } from '../imports/sniff.ts'
import { startImport } from '../imports/start-import.ts'
import { saveUpload, type UploadFacts } from '../imports/upload.ts'
import { QueryBool, route } from './define.ts'

/** Media types an upload may carry; the format is told by the bytes and the file name. */
export const IMPORT_MEDIA_TYPES = [
  'text/csv',
  'text/tab-separated-values',
  'application/csv',
  'application/vnd.ms-excel',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
]

const Encoding = z.enum(IMPORT_ENCODINGS).describe('CSV/TSV text encoding; detected when omitted')
const Delimiter = z.enum(DELIMITERS).describe('CSV cell delimiter; detected when omitted')
const ReadOptions = z.object({
  encoding: Encoding.optional(),
  delimiter: Delimiter.optional(),
  header: QueryBool.optional().describe('whether the first row names the columns; detected when omitted'),
})
const UploadQuery = ReadOptions.extend({ fileName: z.string().min(1).max(255).default('import.csv').describe('the file name (its extension tells .tsv and .xlsx)') })
const PatchBody = z.strictObject({ encoding: Encoding.optional(), delimiter: Delimiter.optional(), header: z.boolean().optional() })

const NewColumn = z.strictObject({
  name: z.string().min(1).max(255),
  type: z.string().min(1).max(64).describe('a field type (GET /api/field-types); the preview proposes one per file column'),
  config: z.record(z.string(), z.unknown()).optional(),
})
const Mapping = z.union([
  z.strictObject({ source: z.number().int().min(0).describe('file column, from 0'), field: z.string().min(1).max(255).describe('an existing column, by id or name') }),
  z.strictObject({ source: z.number().int().min(0), create: NewColumn.describe('a new column made for this file column') }),
])
const StartBody = z.strictObject({
  tableId: z.uuid().optional().describe('import into this existing table'),
  newTable: z
    .strictObject({ appId: z.uuid(), name: z.string().min(1).max(255) })
    .optional()
    .describe('or into a new table of this app'),
  mode: z.enum(['skipInvalid', 'atomic']).default('skipInvalid').describe('skipInvalid: keep good rows, report the others; atomic: any bad row refuses the file'),
  columns: z
    .array(Mapping)
    .max(2000)
    .optional()
    .describe('file columns not listed are skipped; omitted: every column as a new one (new table) or the columns named alike (existing table)'),
})

const Rejection = z.object({
  row: z.number(),
  column: z.string().nullable(),
  reason: z.string(),
  reasons: z.record(z.string(), z.string()).optional().describe("the reason in other languages, by locale ('zh-CN'), where DocPal words it there"),
})
const ImportOut = z
  .object({
    id: z.uuid(),
    fileName: z.string(),
    size: z.number(),
    format: z.enum(IMPORT_FORMATS),
    encoding: z.enum(IMPORT_ENCODINGS).nullable(),
    delimiter: z.string().nullable(),
    header: z.boolean(),
    state: z.enum(['uploaded', 'running', 'done', 'refused', 'failed']).describe('refused: atomic mode found bad rows, nothing was written'),
    mode: z.enum(['skipInvalid', 'atomic']).nullable(),
    tableId: z.uuid().nullable(),
    total: z.number().nullable().describe('data rows in the file: exact once done, an upper bound before (null: not known yet)'),
    processed: z.number(),
    written: z.number(),
    rejected: z.number(),
    report: z.array(Rejection).describe('the first 1,000 rejected rows: row number as a spreadsheet shows it, column, reason'),
    error: z.object({ code: z.string(), message: z.string(), path: z.array(z.union([z.string(), z.number()])).optional() }).nullable(),
    preview: z.object({
      columns: z.array(z.object({ index: z.number(), name: z.string(), detected: z.object({ type: z.string(), config: z.record(z.string(), z.unknown()).optional() }) })),
      rows: z.array(z.array(z.string().nullable())),
    }),
    createdAt: z.string(),
    finishedAt: z.string().nullable(),
  })
  .meta({ id: 'Import' })

function out(job: ImportJob): z.input<typeof ImportOut> {
  const finished = job.state === 'done' || job.state === 'refused'
  return {
    id: job.id,
    fileName: job.fileName,
    size: job.size,
    format: job.settings.format,
    encoding: job.settings.encoding,
    delimiter: job.settings.delimiter,
    header: job.settings.header,
    state: job.state,
    mode: job.mode,
    tableId: job.tableId,
    total: finished ? job.processed : job.preview.totalRows,
    processed: job.processed,
    written: job.written,
    rejected: job.rejected,
    report: job.report,
    error: job.error ? { code: job.error.code, message: job.error.message, ...(job.error.path ? { path: [...job.error.path] } : {}) } : null,
    preview: { columns: job.preview.columns.map((c) => ({ index: c.index, name: c.name, detected: { ...c.detected } })), rows: job.preview.rows },
    createdAt: job.createdAt,
    finishedAt: job.finishedAt,
  }
}

/** How the stored file is read: the options given, else what its bytes say. */
function readSettings(facts: UploadFacts, fileName: string, media: string, o: z.output<typeof ReadOptions>): Omit<ReadSettings, 'header'> & { header?: boolean | undefined } {
  const format = sniffFormat(facts, fileName, media)
  if (format === 'xlsx') return { format, encoding: null, delimiter: null, header: o.header }
  const encoding = o.encoding ?? sniffEncoding(facts)
  const delimiter = o.delimiter ?? sniffDelimiter(new TextDecoder(encoding).decode(facts.head), format)
  return { format, encoding, delimiter, header: o.header }
}

/**
 * CSV, TSV and XLSX import (docs/import-export.md): upload a file (its preview comes back),
 * adjust how it is read, start it with a mapping and a mode, follow its progress.
 */
export function importRoutes(app: FastifyInstance, k: Kernel, limits: { maxImportBody: number }): void {
  const jobs = new ImportJobs(k)
  app.addHook('onClose', (_app, done) => {
    jobs.close()
    done()
  })
  // The body reaches the handler as a stream, written to disk as it arrives (never held whole).
  app.addContentTypeParser(IMPORT_MEDIA_TYPES, (_req, payload, done) => done(null, payload))
  const available = (type: string) => k.plugins.registries.fieldTypes.get(type) !== undefined

  route(app, k, {
    method: 'POST',
    url: '/api/imports',
    tag: 'imports',
    summary: 'Upload a CSV, TSV or XLSX file (the raw file as the body); answers its preview: columns with a proposed type each, the first rows',
    query: UploadQuery,
    accepts: IMPORT_MEDIA_TYPES,
    status: 201,
    response: ImportOut,
    handler: async (c) => {
      const declared = Number(c.req.headers['content-length'] ?? 0)
      if (declared > limits.maxImportBody) {
        // The rest of the body is not read: the connection closes with the answer.
        void c.reply.header('connection', 'close')
        throw hostCodes.HST_ERR_IMPORT_TOO_LARGE(limits.maxImportBody)
      }
      const body = c.body as Readable | undefined
      if (!body || typeof body.pipe !== 'function') throw hostCodes.HST_ERR_IMPORT_EMPTY()
      const { id, path } = await jobs.begin(c.actor.companyId, c.actor.userId, c.query.fileName)
      const media = (c.req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? ''
      try {
        const stored = jobs.chunkWriter(id)
        const facts = await saveUpload(body, path, limits.maxImportBody, stored.write)
        await stored.end()
        if (facts.size === 0) throw hostCodes.HST_ERR_IMPORT_EMPTY()
        const s = readSettings(facts, c.query.fileName, media, c.query)
        const { settings, preview } = await previewFile(path, s, facts, available)
        const job = await jobs.uploaded(id, { facts, settings, preview })
        return out(job)
      } catch (err) {
        await jobs.drop(id)
        if (hostCodes.HST_ERR_IMPORT_TOO_LARGE.is(err)) void c.reply.header('connection', 'close')
        throw err
      }
    },
  })
  route(app, k, {
    method: 'PATCH',
    url: '/api/imports/:id',
    tag: 'imports',
    summary: 'Read an uploaded file again with another encoding, delimiter or header setting (before it starts); answers the new preview',
    body: PatchBody,
    response: ImportOut,
    handler: async (c) => {
      const job = await jobs.get(c.actor.companyId, c.params.id)
      if (job.state !== 'uploaded') throw hostCodes.HST_ERR_IMPORT_STARTED(job.id, job.state)
      const s = job.settings
      const next =
        s.format === 'xlsx'
          ? { ...s, header: c.body.header }
          : {
              format: s.format,
              encoding: c.body.encoding ?? s.encoding,
              delimiter: c.body.delimiter ?? (c.body.encoding ? sniffDelimiter(new TextDecoder(c.body.encoding).decode(job.facts.head), s.format) : s.delimiter),
              header: c.body.header,
            }
      const { settings, preview } = await previewFile(await jobs.localFile(job.id), next, job.facts, available)
      return out(await jobs.setPreview(job, settings, preview))
    },
  })
  route(app, k, {
    method: 'POST',
    url: '/api/imports/:id/start',
    tag: 'imports',
    summary: 'Start importing an uploaded file into an existing or a new table, with a column mapping and a mode; follow it with GET /api/imports/:id',
    body: StartBody,
    status: 202,
    response: ImportOut,
    handler: async (c) => {
      const job = await jobs.get(c.actor.companyId, c.params.id)
      // Members import rows; a new table or new columns are schema changes, for owners and admins.
      const changesSchema = c.body.newTable !== undefined || (c.body.columns ?? []).some((m) => 'create' in m)
      if (changesSchema && !COMPANY_ROLES_THAT_MANAGE.has(c.auth?.company?.role ?? ''))
        throw hostCodes.HST_ERR_FORBIDDEN("the company's owners and admins", 'create tables or columns, as this import would')
      await startImport(k, jobs, job, c.actor, c.body)
      return out(await jobs.get(c.actor.companyId, job.id))
    },
  })
  route(app, k, {
    method: 'GET',
    url: '/api/imports/:id',
    tag: 'imports',
    summary: "An import's state and progress (processed of total rows, written, rejected) and its report of rejected rows",
    response: ImportOut,
    handler: async (c) => out(await jobs.get(c.actor.companyId, c.params.id)),
  })
  route(app, k, {
    method: 'DELETE',
    url: '/api/imports/:id',
    tag: 'imports',
    summary: 'Drop an uploaded file or a finished import (not one running)',
    status: 204,
    handler: async (c) => {
      await jobs.remove(await jobs.get(c.actor.companyId, c.params.id))
    },
  })
}
