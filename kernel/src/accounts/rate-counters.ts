import { sql } from 'drizzle-orm'
import type { Database } from '../db/executor.ts'

/** Hits counted for a key in its current window, and the milliseconds left of that window. */
export interface HitCount {
  readonly hits: number
  readonly ttlMs: number
}

/**
 * Rate limit counters in the database (table rate_counters), so every server process on one
 * PostgreSQL counts the same hits (issue 19). A key's window starts with its first hit and lasts
 * `windowMs`; a hit after it starts a new one. One statement per hit: the upsert decides both.
 */
export class RateCounters {
  constructor(private readonly db: Database) {}

  async hit(key: string, windowMs: number): Promise<HitCount> {
    const row = await this.db.one<{ hits: number; ttl_ms: number }>(sql`
      insert into rate_counters as r (key, hits, window_ends)
      values (${key}, 1, clock_timestamp() + ${windowMs}::double precision * interval '1 millisecond')
      on conflict (key) do update set
        hits = case when r.window_ends <= clock_timestamp() then 1 else r.hits + 1 end,
        window_ends = case when r.window_ends <= clock_timestamp() then excluded.window_ends else r.window_ends end
      returning hits, greatest(0, ceil(extract(epoch from window_ends - clock_timestamp()) * 1000))::integer as ttl_ms`)
    return { hits: row?.hits ?? 1, ttlMs: row?.ttl_ms ?? windowMs }
  }

  /** The key's count without counting a hit (0 once its window has passed). */
  async read(key: string): Promise<HitCount> {
    const row = await this.db.one<{ hits: number; ttl_ms: number }>(sql`
      select hits, greatest(0, ceil(extract(epoch from window_ends - clock_timestamp()) * 1000))::integer as ttl_ms
      from rate_counters where key = ${key} and window_ends > clock_timestamp()`)
    return { hits: row?.hits ?? 0, ttlMs: row?.ttl_ms ?? 0 }
  }

  async clear(key: string): Promise<void> {
    await this.db.query(sql`delete from rate_counters where key = ${key}`)
  }

  /** Drops counters whose window has passed (housekeeping): they would start anew anyway. */
  async purgeEnded(): Promise<number> {
    return (await this.db.query(sql`delete from rate_counters where window_ends <= clock_timestamp() returning 1`)).length
  }
}
