import { constants } from 'node:zlib'
import type { FastifyInstance, RouteShorthandOptions } from 'fastify'
import { z } from 'zod'
import { ListQuery, type ExportRows, type Kernel } from '@docpal/kernel'
import { EXPORT_FORMATS, exportContentType, exportFileName, exportStream, type ExportFormat } from '../http/export-formats.ts'
import { hostCodes } from '../errors/codes.ts'
import { RequestGate } from '../http/request-gate.ts'
import { route, type RouteCtx } from './define.ts'

const Format = z.enum(EXPORT_FORMATS).default('csv').describe('csv (UTF-8 with a byte-order mark) or xlsx')
/** The list parameters minus paging (an export has every matching record), plus the format. */
const TableExportQuery = ListQuery.omit({ limit: true, offset: true, cursor: true, count: true, fieldKey: true, cellFormat: true }).extend({ format: Format })
const ViewExportQuery = z.looseObject({ format: Format })

async function send(c: RouteCtx<unknown, { format: ExportFormat }>, out: ExportRows & { name: string }) {
  // The first batch is read now, so a request the database refuses is an error answer before any byte of the file.
  const first = await out.batches.next()
  const format = c.query.format
  void c.reply
    .header('content-type', exportContentType(format))
    .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(exportFileName(out.name, format))}`)
    .header('cache-control', 'no-store')
  return exportStream(format, out.header, first.done ? [] : first.value, out.batches)
}

/**
 * A download of 100+ MB is compressed at brotli's quality 1 (gzip's level 1 for clients without
 * brotli): about the size of gzip's default for CSV at a fraction of the CPU of the server's
 * quality 4, which cost an export as much CPU as reading and writing its rows.
 */
const EXPORT_COMPRESSION: RouteShorthandOptions['compress'] = {
  encodings: ['br', 'gzip'],
  brotliOptions: { params: { [constants.BROTLI_PARAM_QUALITY]: 1 } },
  zlibOptions: { level: 1 },
}

/**
 * Exports streamed at once, and how many more may wait: on PostgreSQL each holds a connection of
 * the pool (its cursor's transaction) for as long as the client reads, so a few slow downloads
 * must not take the pool from every other request.
 */
const EXPORTS_AT_ONCE = 2
const EXPORTS_WAITING = 8

/** A table's or a view's records as a CSV or XLSX file, streamed in batches. */
export function exportRoutes(app: FastifyInstance, k: Kernel): void {
  const gate = new RequestGate(EXPORTS_AT_ONCE, EXPORTS_WAITING, hostCodes.HST_ERR_EXPORTS_BUSY)
  route(app, k, {
    method: 'GET',
    url: '/api/tables/:tableId/export',
    tag: 'records',
    summary: "Export a table's records (filter, sort, search, fields as for a list) as CSV or XLSX",
    query: TableExportQuery,
    compress: EXPORT_COMPRESSION,
    produces: EXPORT_FORMATS.map(exportContentType),
    gate,
    handler: async (c) => {
      const { format: _format, ...request } = c.query
      return send(c, await k.records.export(c.actor, c.params.tableId, request))
    },
  })
  route(app, k, {
    method: 'GET',
    url: '/api/views/:id/export',
    tag: 'views',
    summary: "Export a view's records (its filter, sort and visible fields, and the request's) as CSV or XLSX",
    query: ViewExportQuery,
    compress: EXPORT_COMPRESSION,
    produces: EXPORT_FORMATS.map(exportContentType),
    gate,
    handler: async (c) => {
      const { format: _format, ...request } = c.query
      return send(c, await k.views.export(c.actor, c.params.id, request))
    },
  })
}
