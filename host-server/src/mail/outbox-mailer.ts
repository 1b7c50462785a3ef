import type { Kernel, OutboxRetention } from '@docpal/kernel'
import { renderMail } from './mail-templates.ts'
import type { Mailer, MailRequest } from './mail-types.ts'

/** No SMTP server configured: mails are kept in the database (GET /api/dev/outbox, the admin's Outbox page). */
export class OutboxMailer implements Mailer {
  constructor(
    private readonly k: Kernel,
    private readonly retention: OutboxRetention,
  ) {}

  async send(mail: MailRequest): Promise<void> {
    const r = renderMail(mail)
    try {
      await this.k.outbox.add({ to: mail.to, kind: mail.kind, locale: mail.locale, subject: r.subject, text: r.text, html: r.html, companyId: mail.companyId ?? null })
    } catch (err) {
      this.k.logger.error('mail not kept in the outbox', { kind: mail.kind, to: mail.to, companyId: mail.companyId, error: err instanceof Error ? err.message : String(err) })
      throw err
    }
    this.k.logger.info('mail kept in the development outbox (no SMTP server configured)', { kind: mail.kind, to: mail.to })
    // Bounded on write, so a busy laptop cannot grow the table between housekeeping runs; the mail
    // is kept whatever happens here.
    try {
      await this.k.outbox.prune(this.retention)
    } catch (err) {
      this.k.logger.error('outbox clean-up failed; retried at the next mail', { error: err instanceof Error ? err.message : String(err) })
    }
  }

  close(): void {}
}
