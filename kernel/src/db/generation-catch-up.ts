/**
 * How new something a process keeps in memory is, against a counter in the database that every
 * change bumps in its own transaction (issue 19: plugin settings, migration 20261214020000;
 * permission rules, 20261214030000). Each request reads the counters after it arrived
 * (host-server/src/auth/freshness-check.ts); when one is newer than what this process last read,
 * the thing is read again before the request goes on, once for all the requests that found it so.
 * Notifications still tell listeners of a change elsewhere; this makes the next request right even
 * before one arrives.
 */
export class GenerationCatchUp {
  /** -1: not compared since start (the first request reads everything again once). */
  #applied = -1
  #catchingUp: Promise<void> | undefined

  constructor(private readonly reload: () => Promise<void>) {}

  /** Resolves once what this process holds is at least as new as generation `n`. */
  async atLeast(n: number): Promise<void> {
    while (this.#applied < n) {
      if (!this.#catchingUp) {
        // Read after `n` was: the values are at least that new.
        const target = n
        this.#catchingUp = this.reload()
          .then(() => {
            this.#applied = Math.max(this.#applied, target)
          })
          .finally(() => {
            this.#catchingUp = undefined
          })
      }
      await this.#catchingUp
    }
  }
}
