import { defineServerPlugin, defineTrigger, z } from '@docpal/plugin-sdk'
import { triggerRecordDeletedPlugin } from '../manifest.ts'

/** A record deleted from a table: the run sees the record as it was (`trigger.record`). */
export const recordDeleted = defineTrigger({
  type: 'record-deleted',
  label: 'Record deleted',
  description: 'Starts when a record of the table is deleted; the run sees its last values.',
  translations: {
    'zh-CN': { label: '记录删除', description: '表中记录被删除时启动；运行可看到其最后的值。', fields: { tableId: '数据表' }, help: { tableId: '监听其记录的数据表' } },
  },
  config: z.object({ tableId: z.uuid().describe('The table') }).strict(),
  events: ['record.deleted'],
  watches: (c) => ({ tableId: c.tableId }),
  matches: (c, e) => e.name === 'record.deleted' && e.payload.tableId === c.tableId,
})

export default defineServerPlugin(triggerRecordDeletedPlugin, { triggers: [recordDeleted] })
