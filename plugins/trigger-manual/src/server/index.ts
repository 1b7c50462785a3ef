import { defineServerPlugin, defineTrigger, z } from '@docpal/plugin-sdk'
import { triggerManualPlugin } from '../manifest.ts'

/**
 * Started by hand (a button on a table's records and views, or `POST /api/workflows/:id/run
 * {input, recordId?}`), with the inputs it asks for as `trigger.input` (and the record, when run from one).
 */
export const manual = defineTrigger({
  type: 'manual',
  label: 'Manual',
  description: 'Starts when someone runs it, with a form of inputs.',
  translations: {
    'zh-CN': {
      label: '手动',
      description: '有人运行它时启动，可带一组输入。',
      fields: { inputs: '输入项', name: '名称', type: '类型', required: '必填', tableId: '数据表' },
      help: { tableId: '在此数据表的记录和视图上显示按钮（运行会得到 trigger.record）' },
    },
  },
  config: z
    .object({
      inputs: z
        .array(
          z
            .object({ name: z.string().min(1).max(200), type: z.enum(['text', 'long_text', 'number', 'date', 'switch']).default('text'), required: z.boolean().default(false) })
            .strict(),
        )
        .max(50)
        .default([]),
      tableId: z.uuid().optional().describe("Show the button on this table's records and views (the run gets trigger.record)"),
    })
    .strict(),
  events: [],
  manual: true,
  buttonOn: (c) => (c.tableId === undefined ? undefined : { tableId: c.tableId }),
  inputs: (c) => c.inputs,
  matches: () => false,
})

export default defineServerPlugin(triggerManualPlugin, { triggers: [manual] })
