import { and, desc, lt, or, eq, sql } from 'drizzle-orm'
import type { KernelContext } from '../context.ts'
import { mailOutbox } from '../db/schema.ts'

/** A mail kept in the development outbox (no SMTP server configured). */
export interface OutboxMail {
  readonly id: string
  readonly to: string
  readonly kind: string
  readonly locale: string
  readonly subject: string
  readonly text: string
  readonly html: string
  readonly companyId: string | null
  readonly createdAt: string
}

const columns = {
  id: mailOutbox.id,
  to: mailOutbox.toAddress,
  kind: mailOutbox.kind,
  locale: mailOutbox.locale,
  subject: mailOutbox.subject,
  text: mailOutbox.textBody,
  html: mailOutbox.htmlBody,
  companyId: mailOutbox.companyId,
  createdAt: mailOutbox.createdAt,
}

/** How much of the development outbox is kept (DOCPAL_OUTBOX_KEEP_DAYS, DOCPAL_OUTBOX_KEEP_MAILS). */
export interface OutboxRetention {
  /** Mails older than this many days go. */
  readonly keepDays: number
  /** At most this many mails stay, the newest. */
  readonly keepMails: number
}

/** The development outbox: mails stored instead of sent, newest first, so links work on a laptop. */
export class MailOutboxStore {
  constructor(private readonly k: KernelContext) {}

  async add(m: Omit<OutboxMail, 'id' | 'createdAt'>): Promise<string> {
    const [row] = await this.k.db.orm
      .insert(mailOutbox)
      .values({ toAddress: m.to, kind: m.kind, locale: m.locale, subject: m.subject, textBody: m.text, htmlBody: m.html, companyId: m.companyId })
      .returning({ id: mailOutbox.id })
    if (!row) throw new Error('outbox insert returned no row')
    return row.id
  }

  /** Newest first; `before` is the last mail of the previous page (keyset paging). */
  async list(opts: { limit: number; to?: string | undefined; before?: { createdAt: string; id: string } | undefined }): Promise<OutboxMail[]> {
    const conds = []
    if (opts.to) conds.push(eq(mailOutbox.toAddress, opts.to))
    if (opts.before) {
      const b = opts.before
      conds.push(or(lt(mailOutbox.createdAt, b.createdAt), and(eq(mailOutbox.createdAt, b.createdAt), lt(mailOutbox.id, b.id))))
    }
    return this.k.db.orm
      .select(columns)
      .from(mailOutbox)
      .where(conds.length > 0 ? and(...conds) : undefined)
      .orderBy(desc(mailOutbox.createdAt), desc(mailOutbox.id))
      .limit(opts.limit)
  }

  async get(id: string): Promise<OutboxMail | undefined> {
    const [row] = await this.k.db.orm.select(columns).from(mailOutbox).where(eq(mailOutbox.id, id))
    return row
  }

  /**
   * Deletes mails past the retention: older than `keepDays`, or beyond the newest `keepMails`
   * (one statement; the "newest" order is the listing's, served by mail_outbox_created_idx).
   * Answers how many went.
   */
  async prune(r: OutboxRetention): Promise<number> {
    const cutoff = new Date(Date.now() - r.keepDays * 86_400_000).toISOString()
    const beyond = sql`select ${mailOutbox.id} from ${mailOutbox} order by ${mailOutbox.createdAt} desc, ${mailOutbox.id} desc offset ${r.keepMails}`
    const gone = await this.k.db.orm
      .delete(mailOutbox)
      .where(or(lt(mailOutbox.createdAt, cutoff), sql`${mailOutbox.id} in (${beyond})`))
      .returning({ id: mailOutbox.id })
    return gone.length
  }
}
