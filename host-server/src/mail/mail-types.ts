/**
 * What the server asks of its mailer. The issue-16 work is split: one part sends (SMTP through
 * nodemailer, or the development outbox when no SMTP server is set), others only ask for a mail.
 */

/** The mails DocPal sends; each has a template in English and Simplified Chinese. */
export type MailKind = 'verify-email' | 'magic-link' | 'password-reset' | 'invitation' | 'email-change' | 'signup-attempt' | 'email-changed'

export type MailLocale = 'en' | 'zh-CN'

export interface MailRequest {
  readonly to: string
  readonly kind: MailKind
  readonly locale: MailLocale
  /** What the template fills in (each kind documents its keys): link, code, companyName, inviterName, expiresAt (ISO), at (ISO: when it happened), newEmail, name. */
  readonly data: Readonly<Record<string, string>>
  /** The company the mail is about, when any (the outbox lists it). */
  readonly companyId?: string
}

/** Sends over SMTP, or keeps the mail in the development outbox; resolves once the server accepted or stored it. */
export interface Mailer {
  send(mail: MailRequest): Promise<void>
}
