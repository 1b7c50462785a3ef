import type { Kernel } from '@docpal/kernel'

/** How often entries past their company's retention are deleted. */
export const AUDIT_PURGE_EVERY_MS = 6 * 60 * 60 * 1000
/** The first purge waits for the boot's own work to settle. */
const FIRST_PURGE_MS = 60 * 1000

/**
 * The periodic audit retention job: the only deleter of audit entries. A failed run is logged and
 * retried at the next tick. Answers a stop function (server close).
 */
export function scheduleAuditPurge(k: Kernel, everyMs = AUDIT_PURGE_EVERY_MS): () => void {
  let running = false
  const run = () => {
    if (running) return
    running = true
    k.audit
      .purge()
      .then((n) => {
        if (n) k.logger.info('audit entries past their retention deleted', { deleted: n })
      })
      .catch((err: unknown) => k.logger.error('audit retention purge failed; retried at the next run', { err: String(err) }))
      .finally(() => {
        running = false
      })
  }
  const first = setTimeout(run, Math.min(FIRST_PURGE_MS, everyMs))
  const every = setInterval(run, everyMs)
  first.unref()
  every.unref()
  return () => {
    clearTimeout(first)
    clearInterval(every)
  }
}
