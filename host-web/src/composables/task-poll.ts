/** Every 30 s, a person sees a task assigned to them without reloading the page. */
export const TASK_POLL_MS = 30_000

export interface Poller {
  /** One more user of the count (a badge): the first starts the polling. Answers its release. */
  readonly acquire: () => () => void
  /** Asks now (after the person answered a task, or came back to the tab). */
  readonly refresh: () => Promise<void>
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

  function refresh(): Promise<void> {
    // Polls that overlap (a slow server, a focus right after a tick) share one request.
    inFlight ??= ask()
      .then(set, onError)
      .finally(() => {
        inFlight = null
      })
    return inFlight
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
  return { acquire, refresh }
}
