/**
 * Reads people's credentials versions as committed now (a person who is gone has no entry), having
 * brought whatever else the statement checks up to date (plugin settings).
 */
export type ReadVersions = (userIds: ReadonlyArray<string>) => Promise<Map<string, number>>

/** The key of asks without a person (no credentials sent, or just read from the database). */
const NOBODY = ''

interface Waiter {
  readonly resolve: (n: number | undefined) => void
  readonly reject: (err: unknown) => void
}

/**
 * Each request's check that what this process keeps in memory is still current (issue 19): several
 * server processes cache sessions, tokens and roles and hold plugin settings, and a logout,
 * revocation or settings save committed through another must count from the next request on, not
 * when a notification arrives. A request asks (for its person's credentials version, if it has
 * one); the statement also brings plugin settings up to date. Asks are gathered into one statement, and only a statement not yet sent is
 * joined, so its snapshot is taken after every request it answers had arrived: whatever had
 * committed by then is seen. At most one statement is out at a time; the asks that arrive
 * meanwhile go together in the next, so under load one small indexed read answers many requests
 * (the number of reads follows the round trip, not the request rate).
 */
export class FreshnessCheck {
  /** Asks not yet sent, by person. */
  #next = new Map<string, Waiter[]>()
  #sending = false

  constructor(private readonly read: ReadVersions) {}

  /** The person's version now (undefined: the person is gone, or no person was named). */
  of(userId?: string): Promise<number | undefined> {
    const key = userId ?? NOBODY
    const waiting = this.#next.get(key) ?? []
    this.#next.set(key, waiting)
    const answer = new Promise<number | undefined>((resolve, reject) => waiting.push({ resolve, reject }))
    if (!this.#sending) {
      this.#sending = true
      // The asks of this turn of the event loop go together.
      setImmediate(() => this.#send())
    }
    return answer
  }

  #send(): void {
    const batch = this.#next
    if (batch.size === 0) {
      this.#sending = false
      return
    }
    // Later asks wait for the next statement: this one may already be past their arrival.
    this.#next = new Map()
    const done = () => this.#send()
    let reading: Promise<Map<string, number>>
    try {
      reading = this.read([...batch.keys()].filter((id) => id !== NOBODY))
    } catch (err) {
      reading = Promise.reject(err instanceof Error ? err : new Error(String(err)))
    }
    reading.then(
      (versions) => {
        for (const [id, waiters] of batch) for (const w of waiters) w.resolve(id === NOBODY ? undefined : versions.get(id))
        done()
      },
      (err: unknown) => {
        for (const waiters of batch.values()) for (const w of waiters) w.reject(err)
        done()
      },
    )
  }
}
