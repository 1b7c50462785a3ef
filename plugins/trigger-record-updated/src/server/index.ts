import { defineServerPlugin, defineTrigger, z } from '@docpal/plugin-sdk'
import { triggerRecordUpdatedPlugin } from '../manifest.ts'

/**
 * A record updated in a table; with `fields`, only when one of those changed (names or column
 * ids). The run sees `trigger.before` (the changed fields' values before) and `trigger.changed`.
 */
export const recordUpdated = defineTrigger({
  type: 'record-updated',
  label: 'Record updated',
  description: 'Starts when a record of the table changes, or when one of the chosen fields changes.',
  translations: {
    'zh-CN': {
      label: '记录更新',
      description: '表中记录变化时启动，或选定字段之一变化时启动。',
      fields: { tableId: '数据表', fields: '字段' },
      help: { tableId: '监听其记录的数据表', fields: '仅当这些字段之一改变时启动（留空：任何改变）' },
    },
  },
  config: z
    .object({
      tableId: z.uuid().describe('The table'),
      fields: z.array(z.string().min(1).max(200)).max(100).default([]).describe('Start only when one of these fields changed (empty: any change)'),
    })
    .strict(),
  events: ['record.updated'],
  watches: (c) => ({ tableId: c.tableId }),
  fieldRefs: { table: 'tableId', names: ['fields'] },
  matches: (c, e) => {
    if (e.name !== 'record.updated' || e.payload.tableId !== c.tableId) return false
    if (!c.fields.length) return e.payload.changed.length > 0
    const { changed, changedNames = [] } = e.payload
    return c.fields.some((f) => changed.includes(f) || changedNames.includes(f))
  },
})

export default defineServerPlugin(triggerRecordUpdatedPlugin, { triggers: [recordUpdated] })
