import type { Kernel, OutboxRetention } from '@docpal/kernel'

/** Sent-mail idempotency keys are kept this long: far longer than any step's retries or a retried run. */
export const MAIL_KEY_DAYS = 30
/** How often the periodic clean-up runs. */
export const HOUSEKEEPING_EVERY_MS = 6 * 60 * 60 * 1000
/** The first run waits for the boot's own work to settle. */
const FIRST_RUN_MS = 60 * 1000

/**
 * One clean-up pass: audit entries past their company's retention (the only deleter of audit
 * entries), sessions past their absolute expiry (they answer 401 already; their rows only grew
 * the table), mailed-link tokens that were used or expired, development-outbox mails past
 * `outbox` (when given), rate limit counters whose window ended, and plugins' sent-mail keys older than MAIL_KEY_DAYS. Each part is logged on its own, so one failing does not hide the other.
 */
export async function runHousekeeping(k: Kernel, outbox?: OutboxRetention): Promise<{ auditEntries: number; sessions: number; linkTokens: number; outboxMails: number }> {
  const out = { auditEntries: 0, sessions: 0, linkTokens: 0, outboxMails: 0 }
  try {
    out.auditEntries = await k.audit.purge()
    if (out.auditEntries) k.logger.info('audit entries past their retention deleted', { deleted: out.auditEntries })
  } catch (err) {
    k.logger.error('audit retention purge failed; retried at the next run', { err: String(err) })
  }
  try {
    out.sessions = await k.sessions.purgeExpired()
    if (out.sessions) k.logger.info('expired sessions deleted', { deleted: out.sessions })
  } catch (err) {
    k.logger.error('expired sessions purge failed; retried at the next run', { err: String(err) })
  }
  try {
    out.linkTokens = await k.oneTimeTokens.purgeDead()
  } catch (err) {
    k.logger.error('purge of used and expired mailed-link tokens failed; retried at the next run', { err: String(err) })
  }
  try {
    // Mails stop being written once SMTP is set, so age alone must empty the outbox in time.
    if (outbox) out.outboxMails = await k.outbox.prune(outbox)
  } catch (err) {
    k.logger.error('development outbox clean-up failed; retried at the next run', { err: String(err) })
  }
  try {
    // Rate limit counters whose window has passed (PostgreSQL's; Redis expires its own).
    await k.rateCounters.purgeEnded()
  } catch (err) {
    k.logger.error('clean-up of ended rate limit counters failed; retried at the next run', { err: String(err) })
  }
  try {
    await k.mail.prune(MAIL_KEY_DAYS)
  } catch (err) {
    k.logger.error('clean-up of sent-mail keys failed; retried at the next run', { err: String(err) })
  }
  return out
}

/** Runs `runHousekeeping` a minute after start and then every `everyMs`; answers a stop function (server close). */
export function scheduleHousekeeping(k: Kernel, outbox: OutboxRetention, everyMs = HOUSEKEEPING_EVERY_MS): () => void {
  let running = false
  const run = () => {
    if (running) return
    running = true
    void runHousekeeping(k, outbox).finally(() => {
      running = false
    })
  }
  const first = setTimeout(run, Math.min(FIRST_RUN_MS, everyMs))
  const every = setInterval(run, everyMs)
  first.unref()
  every.unref()
  return () => {
    clearTimeout(first)
    clearInterval(every)
  }
}
