import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { Kernel } from '@docpal/kernel'
import { hostCodes } from '../errors/codes.ts'
import { smtpWhere, type MailSettings } from '../mail/mail-settings.ts'
import { route } from './define.ts'

export const OutboxMailOut = z.object({
  id: z.string(),
  to: z.string(),
  kind: z.string(),
  locale: z.string(),
  subject: z.string(),
  text: z.string(),
  html: z.string(),
  /** The http(s) links of the mail, in order (the first is the one to follow). */
  links: z.array(z.string()),
  companyId: z.string().nullable(),
  createdAt: z.string(),
})

const OutboxQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  to: z.string().max(320).optional(),
  /** The id of the last mail of the previous page. */
  before: z.uuid().optional(),
})

function linksOf(text: string): string[] {
  return [...new Set(text.match(/https?:\/\/[^\s<>"']+/g) ?? [])]
}

/** The development outbox (instance admins): mails kept instead of sent when no SMTP server is set. */
export function devOutboxRoutes(app: FastifyInstance, k: Kernel, mail: MailSettings): void {
  route(app, k, {
    method: 'GET',
    url: '/api/dev/outbox',
    tag: 'mail',
    access: 'instance-admin',
    query: OutboxQuery,
    summary: 'Mails kept instead of sent (no SMTP server configured), newest first; 404 HST_ERR_OUTBOX_OFF when mail goes out through SMTP',
    response: z.object({ mails: z.array(OutboxMailOut), smtp: z.literal(false) }),
    handler: async (c) => {
      if (mail.smtp) throw hostCodes.HST_ERR_OUTBOX_OFF(smtpWhere(mail.smtp))
      const before = c.query.before ? await k.outbox.get(c.query.before) : undefined
      const rows = await k.outbox.list({ limit: c.query.limit, to: c.query.to, before })
      return { smtp: false as const, mails: rows.map((m) => ({ ...m, links: linksOf(m.text) })) }
    },
  })
}
