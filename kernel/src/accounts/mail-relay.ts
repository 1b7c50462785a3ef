import { sql, type MailApi, type MailMessage } from '@docpal/plugin-sdk'
import type { KernelContext } from '../context.ts'
import { codes } from '../errors/codes.ts'

/** How the host delivers a plugin's mail (SMTP or its development outbox); the key names the mail. */
export type MailTransport = (message: MailMessage, idempotencyKey: string | undefined) => Promise<void>

/**
 * The mail service plugins name as `coreServices.mail`. The kernel owns the idempotency keys; the
 * host, which owns the SMTP settings, hands in the transport once it is built. Until then a send
 * fails (a workflow step is retried), rather than guessing where mail should go.
 */
export class MailRelay implements MailApi {
  #transport: MailTransport | undefined

  constructor(private readonly k: KernelContext) {}

  useTransport(transport: MailTransport | undefined): void {
    this.#transport = transport
  }

  async send(message: MailMessage, opts: { readonly idempotencyKey?: string } = {}): Promise<{ readonly sent: boolean }> {
    const key = opts.idempotencyKey
    if (key !== undefined) {
      const [seen] = await this.k.db.query<{ key: string }>(sql`select key from mail_sent_keys where key = ${key}`)
      if (seen) return { sent: false }
    }
    const transport = this.#transport
    if (!transport) throw codes.KRN_ERR_CONFLICT('The server has no mailer yet (it is starting); the mail was not sent.')
    await transport({ ...message, subject: message.subject.replace(/[\r\n]+/g, ' ') }, key)
    if (key !== undefined) await this.k.db.query(sql`insert into mail_sent_keys (key) values (${key}) on conflict (key) do nothing`)
    return { sent: true }
  }

  async addressOf(companyId: string, userId: string): Promise<string | undefined> {
    const [row] = await this.k.db.query<{ email: string | null }>(
      sql`select u.email from users u join company_members m on m.user_id = u.id and m.company_id = ${companyId} where u.id = ${userId}`,
    )
    return row?.email ?? undefined
  }

  /** Keys older than `days` go (housekeeping): a step is not retried that long after it ran. */
  async prune(days: number): Promise<void> {
    await this.k.db.query(sql`delete from mail_sent_keys where created_at < now() - ${days} * interval '1 day'`)
  }
}
