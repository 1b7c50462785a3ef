import { Cron } from 'croner'
import { defineServerPlugin, defineTrigger, z } from '@docpal/plugin-sdk'
import { triggerSchedulePlugin } from '../manifest.ts'

function cronOf(expr: string, timezone: string): Cron {
  return new Cron(expr, { timezone, paused: true })
}

function validZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz })
    return true
  } catch {
    // Intl throws RangeError for an unknown zone: that is the answer.
    return false
  }
}

const Config = z
  .object({
    cron: z.string().min(9).max(120).describe('Cron expression (5 or 6 fields), e.g. "0 9 * * 1-5"'),
    timezone: z.string().max(64).default('UTC').refine(validZone, 'Unknown time zone: use an IANA name such as Europe/Paris.').describe('IANA time zone'),
  })
  .strict()
  .superRefine((c, ctx) => {
    try {
      if (!cronOf(c.cron, validZone(c.timezone) ? c.timezone : 'UTC').nextRun()) ctx.addIssue({ code: 'custom', path: ['cron'], message: 'This schedule never fires.' })
    } catch (err) {
      ctx.addIssue({ code: 'custom', path: ['cron'], message: `Not a cron expression: ${err instanceof Error ? err.message : String(err)}` })
    }
  })

/** On a cron schedule in a time zone (croner); a server that was down fires once for what it missed. */
export const schedule = defineTrigger({
  type: 'schedule',
  label: 'Schedule',
  description: 'Starts on a schedule (cron, in a time zone).',
  translations: {
    'zh-CN': {
      label: '定时',
      description: '按计划启动（cron 表达式，指定时区）。',
      fields: { cron: 'Cron 表达式', timezone: '时区' },
      help: { cron: 'Cron 表达式（5 或 6 个字段），如 "0 9 * * 1-5"', timezone: 'IANA 时区' },
    },
  },
  config: Config,
  events: [],
  matches: () => false,
  nextAt: (c, after) => cronOf(c.cron, c.timezone).nextRun(after) ?? undefined,
})

export default defineServerPlugin(triggerSchedulePlugin, { triggers: [schedule] })
