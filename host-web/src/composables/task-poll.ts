/** Every 30 s, a person sees a task assigned to them without reloading the page. */
export const TASK_POLL_MS = 30_000

export interface Poller {
  /** One more user of the count (a badge): the first starts the polling. Answers its release. */
  readonly acquire: () => () => void
  /** Asks now (a page change, the inbox read again); shares a request already on its way. */
  readonly refresh: () => Promise<void>
  /**
   * Asks after something changed the count (the person decided a task): a request already on its
   * way may have been answered before the change, so one more follows it rather than sharing it.
   */
  readonly refreshAfterChange: () => Promise<void>
}

/**
 * Polls a count while anyone shows it and the page is visible: a hidden tab asks nothing (a
 * laptop left open all night costs the server no requests), and asks at once when shown again.
 * A failed poll keeps the last count and is reported to `onError` (the inbox page shows its own
 * error); polling goes on, so a server back from a restart is picked up.
 */
export function createPoller(ask: () => Promise<number>, set: (n: number) => void, onError: (err: unknown) => void, doc: Document, intervalMs = TASK_POLL_MS): Poller {
  let users = 0
  let timer: ReturnType<typeof setInterval> | null = null
  let inFlight: Promise<void> | null = null
  let next: Promise<void> | null = null

  function start(): Promise<void> {
    const request: Promise<void> = ask()
      .then(set, onError)
      .finally(() => {
        if (inFlight === request) inFlight = null
      })
    inFlight = request
    return request
  }
  // Polls that overlap (a slow server, a focus right after a tick) share one request.
  const refresh = (): Promise<void> => inFlight ?? start()
  function refreshAfterChange(): Promise<void> {
    if (!inFlight) return start()
    // Changes made while one request is on its way share the single one that follows it: answers
    // are set in the order they were asked, so the last count shown is the newest.
    next ??= inFlight.then(() => {
      next = null
      return start()
    })
    return next
  }
  const tick = () => {
    if (doc.visibilityState === 'visible') void refresh()
  }
  const shown = () => {
    if (doc.visibilityState === 'visible') void refresh()
  }

  function acquire(): () => void {
    users++
    if (users === 1) {
      timer = setInterval(tick, intervalMs)
      doc.addEventListener('visibilitychange', shown)
      void refresh()
    }
    let released = false
    return () => {
      if (released) return
      released = true
      users--
      if (users === 0 && timer !== null) {
        clearInterval(timer)
        timer = null
        doc.removeEventListener('visibilitychange', shown)
      }
    }
  }
  return { acquire, refresh, refreshAfterChange }
}
