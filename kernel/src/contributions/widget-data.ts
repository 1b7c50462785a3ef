import { z } from 'zod'
import { granteeOf } from '../records/write-support.ts'
import type { AnyWidget } from '@docpal/plugin-sdk'
import type { Actor, KernelContext } from '../context.ts'
import { codes } from '../errors/codes.ts'
import type { RecordsService } from '../records/records-service.ts'
import { parseOrThrow } from '../validation.ts'

const WidgetDataBody = z
  .object({
    tableId: z.uuid().optional(),
    config: z.unknown(),
    limit: z.number().int().min(1).max(500).optional(),
  })
  .strict()

/**
 * The data of one widget configuration: its config validated by the widget type, checked against
 * the table, and its records answered by the record pipeline (the same single statement a view's
 * page is). JSON text: `{"config": ..., "data": <page> | null}`.
 */
export async function widgetData(k: KernelContext, records: RecordsService, actor: Actor, type: string, body: unknown): Promise<string> {
  const widget: AnyWidget | undefined = k.plugins.registries.widgets.get(type)
  if (!widget) throw codes.KRN_ERR_NOT_FOUND('Widget type', type)
  const input = parseOrThrow(WidgetDataBody, body)
  const config = parseOrThrow(widget.config, input.config, ['config'])
  if (!widget.query) return `{"config":${JSON.stringify(config)},"data":null}`
  if (!input.tableId) throw codes.KRN_ERR_VALIDATION(`A '${type}' widget reads a table: give its tableId.`, { path: ['tableId'] })
  const full = await k.tables.get(actor.companyId, input.tableId).catch(() => {
    throw codes.KRN_ERR_VALIDATION(`Table '${input.tableId}' does not exist in this company.`, { path: ['tableId'] })
  })
  // The widget sees the table as its reader may (columns hidden from them do not exist for it).
  const rt = await k.permissions.restrict(granteeOf(actor), full, 'view')
  const issue = widget.checkConfig?.(config, rt.info)[0]
  if (issue) throw codes.KRN_ERR_VALIDATION(issue.message, { path: ['config', ...issue.path] })
  const part = widget.query(config, { table: rt.info })
  const page = await records.list(
    actor,
    rt.meta.id,
    { limit: input.limit ?? part.limit ?? 50, ...(part.requiredFields ? { fields: [...part.requiredFields] } : {}) },
    {
      ...(part.filter ? { filter: part.filter } : {}),
      ...(part.sort ? { sort: part.sort } : {}),
      ...(part.groupBy ? { groupBy: part.groupBy } : {}),
    },
  )
  return `{"config":${JSON.stringify(config)},"data":${page}}`
}
