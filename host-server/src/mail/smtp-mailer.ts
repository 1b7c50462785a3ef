import { createHash } from 'node:crypto'
import { createTransport, type Transporter } from 'nodemailer'
import type { MailMessage } from '@docpal/plugin-sdk'
import type { Logger } from '@docpal/kernel'
import { hostCodes } from '../errors/codes.ts'
import { smtpWhere, type MailSettings, type SmtpSettings } from './mail-settings.ts'
import { renderMail } from './mail-templates.ts'
import type { Mailer, MailRequest } from './mail-types.ts'

function transportOptions(s: SmtpSettings, timeoutMs: number) {
  const bounds = { connectionTimeout: timeoutMs, greetingTimeout: timeoutMs, socketTimeout: timeoutMs }
  if ('url' in s) return { url: s.url, ...bounds }
  return {
    host: s.host,
    port: s.port,
    secure: s.secure,
    ...(s.user !== undefined ? { auth: { user: s.user, pass: s.password ?? '' } } : {}),
    ...bounds,
  }
}

/** Sends through an SMTP server with nodemailer (pooled connections); a refusal is logged and thrown. */
export class SmtpMailer implements Mailer {
  readonly #transport: Transporter
  readonly #where: string

  constructor(
    smtp: SmtpSettings,
    private readonly settings: MailSettings,
    private readonly logger: Logger,
  ) {
    this.#transport = createTransport({ pool: true, maxConnections: 2, ...transportOptions(smtp, settings.timeoutMs) })
    this.#where = smtpWhere(smtp)
  }

  async send(mail: MailRequest): Promise<void> {
    const r = renderMail(mail)
    try {
      await this.#transport.sendMail({ from: this.settings.from, to: mail.to, subject: r.subject, text: r.text, html: r.html })
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err)
      this.logger.error('mail not sent', { kind: mail.kind, to: mail.to, companyId: mail.companyId, smtp: this.#where, error: why })
      throw hostCodes.HST_ERR_MAIL_FAILED(why)
    }
  }

  /** A plugin's mail; its Message-ID derives from the idempotency key, so copies carry the same id. */
  async sendMessage(m: MailMessage, key: string | undefined): Promise<void> {
    const messageId = key !== undefined ? `<${createHash('sha256').update(key).digest('hex').slice(0, 32)}@docpal.workflow>` : undefined
    try {
      await this.#transport.sendMail({
        from: this.settings.from,
        to: m.to,
        subject: m.subject,
        text: m.text,
        ...(m.html !== undefined ? { html: m.html } : {}),
        ...(messageId ? { messageId } : {}),
      })
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err)
      this.logger.error('mail not sent', { kind: 'plugin', to: m.to, companyId: m.companyId, smtp: this.#where, error: why })
      throw hostCodes.HST_ERR_MAIL_FAILED(why)
    }
  }

  close(): void {
    this.#transport.close()
  }
}
