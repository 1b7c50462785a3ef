import { defineAction, defineServerPlugin, z } from '@docpal/plugin-sdk'
import { actionSendEventPlugin } from '../manifest.ts'

/**
 * Sends event `name` (with `key` and `data`) to the company's runs waiting for it ("wait for an
 * event" steps). Sending it twice resumes nobody twice: a resumed step no longer waits.
 */
export const sendEvent = defineAction({
  type: 'send-event',
  label: 'Send an event',
  description: 'Sends a named event to the runs waiting for it.',
  translations: {
    'zh-CN': {
      label: '发送事件',
      description: '向等待该事件的运行发送一个命名事件。',
      fields: { name: '事件名', key: '键', data: '数据' },
      help: { name: '事件名，如 invoice.paid', key: '事件的键：只有等待此键（或未指定键）的运行会收到', data: '等待中的运行收到的值' },
    },
  },
  config: z
    .object({
      name: z.string().min(1).max(200).describe('The event, e.g. invoice.paid'),
      key: z.string().max(200).optional().describe('Its key: only waits for this key (or for none) receive it'),
      data: z.record(z.string().max(200), z.unknown()).optional().describe('Values the waiting runs receive'),
    })
    .strict(),
  outputs: [{ name: 'resumed', type: 'number' }],
  idempotent: true,
  run: async (c, ctx) => {
    const { resumed } = await ctx.workflows.emit(c.name, c.key === undefined || c.key === '' ? null : c.key, c.data ?? {})
    return { output: { resumed } }
  },
})

export default defineServerPlugin(actionSendEventPlugin, { actions: [sendEvent] })
