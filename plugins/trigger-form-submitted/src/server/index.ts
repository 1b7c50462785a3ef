import { defineServerPlugin, defineTrigger, z } from '@docpal/plugin-sdk'
import { triggerFormSubmittedPlugin } from '../manifest.ts'

/**
 * A record created through the table's form (the web app's "new record" form, or an API client
 * that posts with `?via=form`): unlike "record created", imports, bulk writes, the grid and other
 * workflows do not start it. The kernel keeps the path with the write, in its transaction.
 */
export const formSubmitted = defineTrigger({
  type: 'form-submitted',
  label: 'Form submitted',
  description: "Starts when someone submits the table's form (not on imports, grid or API creates).",
  translations: {
    'zh-CN': {
      label: '表单提交',
      description: '有人提交该表的表单时启动（导入、表格编辑或 API 新建不触发）。',
      fields: { tableId: '数据表' },
      help: { tableId: '其表单被提交的数据表' },
    },
  },
  config: z.object({ tableId: z.uuid().describe('The table whose form') }).strict(),
  events: ['record.created'],
  watches: (c) => ({ tableId: c.tableId }),
  matches: (c, e) => e.name === 'record.created' && e.payload.tableId === c.tableId && e.payload.source === 'form',
})

export default defineServerPlugin(triggerFormSubmittedPlugin, { triggers: [formSubmitted] })
