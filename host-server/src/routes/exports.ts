import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { ListQuery, type ExportCell, type Kernel } from '@docpal/kernel'
import { EXPORT_FORMATS, exportContentType, exportFileName, exportStream, type ExportFormat } from '../http/export-formats.ts'
import { route, type RouteCtx } from './define.ts'

const Format = z.enum(EXPORT_FORMATS).default('csv').describe('csv (UTF-8 with a byte-order mark) or xlsx')
/** The list parameters minus paging (an export has every matching record), plus the format. */
const TableExportQuery = ListQuery.omit({ limit: true, offset: true, cursor: true, count: true, fieldKey: true, cellFormat: true }).extend({ format: Format })
const ViewExportQuery = z.looseObject({ format: Format })

async function send(c: RouteCtx<unknown, { format: ExportFormat }>, name: string, rows: AsyncGenerator<ExportCell[]>) {
  // The first page runs now, so a bad filter or sort is a 400 before any byte of the file.
  const first = await rows.next()
  const header = first.done ? [] : first.value
  const format = c.query.format
  void c.reply
    .header('content-type', exportContentType(format))
    .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(exportFileName(name, format))}`)
    .header('cache-control', 'no-store')
  return exportStream(format, header, rows)
}

/** A table's or a view's records as a CSV or XLSX file, streamed page by page. */
export function exportRoutes(app: FastifyInstance, k: Kernel): void {
  route(app, k, {
    method: 'GET',
    url: '/api/tables/:tableId/export',
    tag: 'records',
    summary: "Export a table's records (filter, sort, search, fields as for a list) as CSV or XLSX",
    query: TableExportQuery,
    handler: async (c) => {
      const { format: _format, ...request } = c.query
      const out = await k.records.export(c.actor, c.params.tableId, request)
      return send(c, out.name, out.rows)
    },
  })
  route(app, k, {
    method: 'GET',
    url: '/api/views/:id/export',
    tag: 'views',
    summary: "Export a view's records (its filter, sort and visible fields, and the request's) as CSV or XLSX",
    query: ViewExportQuery,
    handler: async (c) => {
      const { format: _format, ...request } = c.query
      const out = await k.views.export(c.actor, c.params.id, request)
      return send(c, out.name, out.rows)
    },
  })
}
