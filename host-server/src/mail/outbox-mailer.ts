import type { MailMessage } from '@docpal/plugin-sdk'
import type { Kernel, OutboxRetention } from '@docpal/kernel'
import { escapeHtml, renderMail } from './mail-templates.ts'
import type { Mailer, MailRequest } from './mail-types.ts'

/** No SMTP server configured: mails are kept in the database (GET /api/dev/outbox, the admin's Outbox page). */
export class OutboxMailer implements Mailer {
  constructor(
    private readonly k: Kernel,
    private readonly retention: OutboxRetention,
  ) {}

  async send(mail: MailRequest): Promise<void> {
    const r = renderMail(mail)
    await this.#keep({ to: mail.to, kind: mail.kind, locale: mail.locale, subject: r.subject, text: r.text, html: r.html, companyId: mail.companyId ?? null })
  }

  /** A plugin's mail, kept as kind `plugin` (its HTML, or its text escaped, as the HTML part). */
  async sendMessage(m: MailMessage): Promise<void> {
    const html = m.html ?? `<pre style="font-family:inherit;white-space:pre-wrap">${escapeHtml(m.text)}</pre>`
    await this.#keep({ to: m.to, kind: 'plugin', locale: 'en', subject: m.subject, text: m.text, html, companyId: m.companyId ?? null })
  }

  async #keep(mail: { to: string; kind: string; locale: string; subject: string; text: string; html: string; companyId: string | null }): Promise<void> {
    try {
      await this.k.outbox.add(mail)
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
