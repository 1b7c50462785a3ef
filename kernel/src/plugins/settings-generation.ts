/**
 * How new this process's plugin settings are (issue 19, migration 20261214020000): every save of
 * instance or company settings, through any server process, bumps `plugin_settings_generation`.
 * Each request reads the number (host-server/src/auth/freshness-check.ts); when it is newer
 * than what this process last read, the settings are read again before the request goes on, once
 * for all the requests that found it so. A notification still tells plugins of a change elsewhere;
 * this makes the next request right even before it arrives.
 */
export class SettingsGeneration {
  /** -1: not read since start (the first request reads everything once). */
  #applied = -1
  #catchingUp: Promise<void> | undefined

  constructor(private readonly reload: () => Promise<void>) {}

  /** Resolves once the settings are at least as new as generation `n`. */
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
