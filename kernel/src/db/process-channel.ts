import { randomUUID } from 'node:crypto'
import type { Database } from './executor.ts'
import type { Logger } from '../logger.ts'

/** What a channel's subscriber gets: a way to tell the other processes (none on PGlite). */
export type Announce = (payload: string) => void

/**
 * A channel between the server processes sharing one PostgreSQL database (LISTEN/NOTIFY, issue
 * 19): `announce(payload)` reaches every other process's `onOther` (never its own), after the
 * caller's change has committed; `onResubscribe` runs whenever the LISTEN connection subscribes
 * again after a drop (notifications sent meanwhile were missed: drop whatever they would have
 * updated). A failed announcement is logged with the channel. Undefined on PGlite (one process).
 */
export async function processChannel(db: Database, logger: Logger, channel: string, onOther: (payload: string) => void, onResubscribe: () => void): Promise<Announce | undefined> {
  const { listen, notify } = { listen: db.listen?.bind(db), notify: db.notify?.bind(db) }
  if (!listen || !notify) return undefined
  const self = `${randomUUID()}:`
  let subscribed = false
  await listen(
    channel,
    (payload) => {
      if (!payload.startsWith(self)) onOther(payload.slice(payload.indexOf(':') + 1))
    },
    // postgres.js calls this at the first subscription too: only later ones can have missed anything.
    () => {
      if (subscribed) onResubscribe()
      subscribed = true
    },
  )
  return (payload) => {
    notify(channel, self + payload).catch((err: unknown) =>
      logger.warn('could not tell the other server processes of a change', { channel, payload: payload.slice(0, 200), err: err instanceof Error ? err.message : String(err) }),
    )
  }
}

/** An announcement's JSON, or undefined when it is not JSON (the subscriber then reads it as "everything changed"). */
export function announcedJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    // Answered as undefined: each subscriber logs it and takes the safe reading.
    return undefined
  }
}
