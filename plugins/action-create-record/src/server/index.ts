import { defineAction, defineServerPlugin, z } from '@docpal/plugin-sdk'
import { actionCreateRecordPlugin } from '../manifest.ts'

/** Creates a record; retried or resumed after a crash, it finds the record it made instead of making another. */
export const createRecord = defineAction({
  type: 'create-record',
  label: 'Create record',
  description: 'Creates a record in a table; field values may use variables such as {{trigger.record.Amount}}.',
  translations: {
    'zh-CN': {
      label: '新建记录',
      description: '在表中新建一条记录；字段值可使用 {{trigger.record.Amount}} 等变量。',
      fields: { tableId: '数据表', fields: '字段值' },
      help: { tableId: '数据表（id）', fields: '字段名 -> 值' },
    },
  },
  config: z
    .object({
      tableId: z.string().min(1).max(100).describe('The table (id)'),
      fields: z.record(z.string().max(200), z.unknown()).default({}).describe('Field name -> value'),
    })
    .strict(),
  outputs: [
    { name: 'id', type: 'id' },
    { name: 'record', type: 'record' },
  ],
  fieldRefs: { table: 'tableId', keys: ['fields'], outputs: ['record'] },
  idempotent: true,
  retry: { attempts: 3, backoffMs: 500 },
  run: async (c, ctx) => {
    const r = await ctx.records.create(c.tableId, c.fields)
    return { output: { id: r.id, record: r.fields } }
  },
})

export default defineServerPlugin(actionCreateRecordPlugin, { actions: [createRecord] })
