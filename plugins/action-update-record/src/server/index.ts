import { defineAction, defineServerPlugin, z } from '@docpal/plugin-sdk'
import { actionUpdateRecordPlugin } from '../manifest.ts'

const MAX_RECORDS = 1000

/**
 * Updates one record (`recordId`, e.g. {{trigger.recordId}} or {{steps.make.id}}) or every
 * record a filter finds (at most 1,000). Setting the same values again changes nothing, so a
 * retry is harmless.
 */
export const updateRecord = defineAction({
  type: 'update-record',
  label: 'Update record(s)',
  description: "Updates the trigger's record, a related one, or the records a filter finds.",
  translations: {
    'zh-CN': {
      label: '更新记录',
      description: '更新触发记录、关联记录或筛选条件找到的记录。',
      fields: { tableId: '数据表', recordId: '记录 ID', filter: '筛选条件', fields: '字段值' },
      help: { tableId: '数据表（id）', recordId: '记录（id）；或给出筛选条件', filter: '查询筛选：更新所有匹配的记录（最多 1,000 条）', fields: '字段名 -> 新值' },
    },
  },
  config: z
    .object({
      tableId: z.string().min(1).max(100).describe('The table (id)'),
      recordId: z.string().max(100).optional().describe('The record (id); or give a filter'),
      filter: z.unknown().optional().describe('Query filter: update every matching record (at most 1,000)'),
      fields: z.record(z.string().max(200), z.unknown()).describe('Field name -> new value'),
    })
    .strict()
    .refine((c) => (c.recordId === undefined) !== (c.filter === undefined), { error: 'Give either recordId or filter.', path: ['recordId'] }),
  outputs: [
    { name: 'id', type: 'id' },
    { name: 'record', type: 'record' },
    { name: 'updated', type: 'number' },
    { name: 'ids', type: 'ids' },
  ],
  fieldRefs: { table: 'tableId', keys: ['fields'], queries: ['filter'], outputs: ['record'] },
  idempotent: true,
  retry: { attempts: 3, backoffMs: 500 },
  run: async (c, ctx) => {
    if (c.recordId !== undefined) {
      const r = await ctx.records.update(c.tableId, c.recordId, c.fields)
      return { output: { id: r.id, record: r.fields, updated: 1, ids: [r.id] } }
    }
    const found = await ctx.records.list(c.tableId, { filter: c.filter, limit: MAX_RECORDS })
    const ids: string[] = []
    for (const r of found) {
      if (ctx.signal.aborted) throw new Error('cancelled')
      ids.push((await ctx.records.update(c.tableId, r.id, c.fields)).id)
    }
    return { output: { updated: ids.length, ids } }
  },
})

export default defineServerPlugin(actionUpdateRecordPlugin, { actions: [updateRecord] })
