import type { OutboxRetention } from '@docpal/kernel'

/** How mail leaves the server (docs/accounts.md "Email settings"); unset `smtp`: the development outbox. */
export interface MailSettings {
  /** Where to send; undefined keeps every mail in the development outbox (GET /api/dev/outbox). */
  readonly smtp: SmtpSettings | undefined
  /** The From header, e.g. `DocPal <no-reply@example.com>`. */
  readonly from: string
  /** Bound on connecting, greeting and each socket read of the SMTP conversation (ms). */
  readonly timeoutMs: number
  /** How much of the development outbox is kept; older and surplus mails are deleted on each write and by housekeeping. */
  readonly outbox: OutboxRetention
}

export type SmtpSettings =
  /** smtp://user:pass@host:587 or smtps://… (DOCPAL_SMTP_URL). */
  | { readonly url: string }
  | {
      readonly host: string
      readonly port: number
      /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. */
      readonly secure: boolean
      readonly user: string | undefined
      readonly password: string | undefined
    }

/** A week of mails, at most a thousand: enough to find a link, not a table that grows for ever. */
export const DEFAULT_OUTBOX: OutboxRetention = { keepDays: 7, keepMails: 1000 }

export const DEFAULT_MAIL: MailSettings = { smtp: undefined, from: 'DocPal <no-reply@localhost>', timeoutMs: 10_000, outbox: DEFAULT_OUTBOX }

/** Where the SMTP server is, for logs (never the password). */
export function smtpWhere(s: SmtpSettings): string {
  if ('url' in s) {
    try {
      const u = new URL(s.url)
      return `${u.protocol}//${u.host}`
    } catch {
      return 'DOCPAL_SMTP_URL (unparseable)'
    }
  }
  return `${s.secure ? 'smtps' : 'smtp'}://${s.host}:${String(s.port)}`
}
