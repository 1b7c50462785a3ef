import { defineAction, defineServerPlugin, z } from '@docpal/plugin-sdk'
import { actionWaitForEventPlugin } from '../manifest.ts'

/**
 * Pauses the run until event `name` arrives with the same `key` (e.g. {{trigger.recordId}}),
 * sent by a "send event" step of another workflow or by `POST /api/workflow-events`. Then takes
 * branch `received` with output {name, key, data, by}; after `timeoutMinutes`, branch `timeout`.
 */
export const waitForEvent = defineAction({
  type: 'wait-for-event',
  label: 'Wait for an event',
  description: 'Pauses the run until a named event arrives (from another workflow or the API), or a timeout.',
  translations: {
    'zh-CN': {
      label: '等待事件',
      description: '暂停运行，直到收到命名事件（来自另一个工作流或 API）或超时。',
      branches: { received: '已收到', timeout: '超时' },
      fields: { name: '事件名', key: '键', timeoutMinutes: '超时（分钟）' },
      help: { name: '事件名，如 invoice.paid', key: '只接收带此键的事件，如 {{trigger.recordId}}', timeoutMinutes: '超过这么多分钟后放弃（走超时分支）' },
    },
  },
  config: z
    .object({
      name: z.string().min(1).max(200).describe('The event, e.g. invoice.paid'),
      key: z.string().max(200).optional().describe('Only the event with this key, e.g. {{trigger.recordId}}'),
      timeoutMinutes: z
        .number()
        .min(0)
        .max(60 * 24 * 366)
        .optional()
        .describe('Give up after this many minutes (branch timeout)'),
    })
    .strict(),
  branches: ['received', 'timeout'],
  outputs: [
    { name: 'name', type: 'text' },
    { name: 'key', type: 'text' },
    { name: 'data', type: 'object' },
    { name: 'by', type: 'user' },
  ],
  idempotent: true,
  run: (c) => {
    const until = c.timeoutMinutes === undefined ? undefined : new Date(Date.now() + c.timeoutMinutes * 60_000).toISOString()
    const key = c.key === undefined || c.key === '' ? null : c.key
    return { output: { name: c.name, key }, wait: { event: { name: c.name, key, until } } }
  },
})

export default defineServerPlugin(actionWaitForEventPlugin, { actions: [waitForEvent] })
