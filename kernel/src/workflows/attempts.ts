import type { RetryPolicy } from '@docpal/plugin-sdk'

/** An action that says nothing: three attempts, 1 s then 2 s apart (with jitter), 30 s each. */
export const DEFAULT_RETRY: RetryPolicy = { attempts: 3, backoffMs: 1000, maxBackoffMs: 60_000 }
export const DEFAULT_TIMEOUT_MS = 30_000

/** The wait before attempt `attempt + 1`: doubled each time, capped, plus up to 50 % jitter (so retries of many runs spread out). */
export function backoffMs(p: RetryPolicy, attempt: number): number {
  const base = Math.min(p.backoffMs * 2 ** Math.max(0, attempt - 1), p.maxBackoffMs ?? 60_000)
  return Math.round(base * (1 + Math.random() * 0.5))
}

/**
 * `fn` with a signal that aborts after `ms` or when `outer` aborts; its promise is raced against
 * the timeout, so an action that ignores the signal still ends the attempt (its late effect is
 * why actions declare whether they are idempotent).
 */
export async function withTimeout<T>(ms: number, outer: AbortSignal, fn: (signal: AbortSignal) => Promise<T> | T): Promise<T> {
  const ctl = new AbortController()
  const onAbort = () => ctl.abort(outer.reason)
  outer.addEventListener('abort', onAbort, { once: true })
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const err = new Error(`the step took longer than its ${ms} ms limit`)
      ctl.abort(err)
      reject(err)
    }, ms)
  })
  const aborted = new Promise<never>((_, reject) =>
    ctl.signal.addEventListener('abort', () => reject(ctl.signal.reason instanceof Error ? ctl.signal.reason : new Error('cancelled')), { once: true }),
  )
  try {
    return await Promise.race([Promise.resolve().then(() => fn(ctl.signal)), timeout, aborted])
  } finally {
    clearTimeout(timer)
    outer.removeEventListener('abort', onAbort)
  }
}
