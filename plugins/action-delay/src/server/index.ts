import { StepError, defineAction, defineServerPlugin, z } from '@docpal/plugin-sdk'
import { actionDelayPlugin } from '../manifest.ts'

/** Waits a while, or until a date (e.g. {{trigger.record.Due date}}); the run sleeps in the database meanwhile. */
export const delay = defineAction({
  type: 'delay',
  label: 'Delay / wait until',
  description: 'Waits for some minutes, or until a date.',
  translations: {
    'zh-CN': {
      label: '延时 / 等待至',
      description: '等待若干分钟，或等到某个日期。',
      fields: { minutes: '等待（分钟）', until: '等到（日期时间）' },
      help: { until: '日期时间（ISO 8601），如 {{trigger.record.Due}}' },
      errors: { notDate: '“{until}”不是日期' },
    },
  },
  config: z
    .object({
      minutes: z
        .number()
        .min(0)
        .max(60 * 24 * 366)
        .optional(),
      until: z.string().max(100).optional().describe('A date/time (ISO 8601), e.g. {{trigger.record.Due}}'),
    })
    .strict()
    .refine((c) => (c.minutes === undefined) !== (c.until === undefined), { error: 'Give either minutes or until.', path: ['minutes'] }),
  outputs: [{ name: 'until', type: 'date' }],
  idempotent: true,
  run: (c) => {
    const until = c.until !== undefined ? new Date(c.until) : new Date(Date.now() + (c.minutes ?? 0) * 60_000)
    if (Number.isNaN(until.getTime())) throw new StepError('notDate', "'{until}' is not a date", { until: c.until ?? '' })
    return { output: { until: until.toISOString() }, wait: { until: until.toISOString() } }
  },
})

export default defineServerPlugin(actionDelayPlugin, { actions: [delay] })
