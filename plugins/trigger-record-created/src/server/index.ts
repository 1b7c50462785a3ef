import { defineServerPlugin, defineTrigger, z } from '@docpal/plugin-sdk'
import { triggerRecordCreatedPlugin } from '../manifest.ts'

/** A record created in a table (one run per record, bulk inserts and imports included). */
export const recordCreated = defineTrigger({
  type: 'record-created',
  label: 'Record created',
  description: 'Starts when a record is created in the table (by a person, an import, the API or another workflow).',
  translations: {
    'zh-CN': {
      label: '记录新建',
      description: '表中新建记录时启动（无论来自人、导入、API 还是另一个工作流）。',
      fields: { tableId: '数据表' },
      help: { tableId: '监听其记录的数据表' },
    },
  },
  config: z.object({ tableId: z.uuid().describe('The table') }).strict(),
  events: ['record.created'],
  watches: (c) => ({ tableId: c.tableId }),
  matches: (c, e) => e.name === 'record.created' && e.payload.tableId === c.tableId,
})

export default defineServerPlugin(triggerRecordCreatedPlugin, { triggers: [recordCreated] })
