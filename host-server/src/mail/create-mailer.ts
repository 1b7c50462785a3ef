import type { MailMessage } from '@docpal/plugin-sdk'
import type { Kernel } from '@docpal/kernel'
import type { MailSettings } from './mail-settings.ts'
import type { Mailer } from './mail-types.ts'
import { OutboxMailer } from './outbox-mailer.ts'
import { SmtpMailer } from './smtp-mailer.ts'

/** The server's mailer and how it delivers (the outbox route answers only in outbox mode). */
export interface ServerMailer extends Mailer {
  /** A plugin's mail (`coreServices.mail`), already written; `key` names it (Message-ID). */
  sendMessage(message: MailMessage, key: string | undefined): Promise<void>
  close(): void
}

export function createMailer(k: Kernel, settings: MailSettings): { mailer: ServerMailer; mode: 'smtp' | 'outbox' } {
  if (settings.smtp) return { mailer: new SmtpMailer(settings.smtp, settings, k.logger), mode: 'smtp' }
  return { mailer: new OutboxMailer(k, settings.outbox), mode: 'outbox' }
}
