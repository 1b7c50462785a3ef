import { sql } from '@docpal/plugin-sdk'
import type { Logger } from '../logger.ts'
import { maintenanceTarget } from '../sql/ident.ts'
import type { Database } from './executor.ts'
import { maintainTable } from './maintain-table.ts'

/** How often the embedded database's tables are looked at (ms). */
export const MAINTENANCE_INTERVAL_MS = 10_000

interface TableStats {
  readonly name: string
  readonly vacuum: boolean
}

/**
 * What autovacuum does for PostgreSQL, for embedded PGlite, which runs PostgreSQL in single-user
 * mode and so has no autovacuum. Without ANALYZE its planner never has statistics for a table the
 * API filled: a filtered page of 100,000 rows sorted by an indexed column was planned as a bitmap
 * scan and a sort (18 ms) instead of a walk of the index (1.4 ms after ANALYZE; docs/benchmarks.md).
 * Without VACUUM, updated and deleted rows are never reclaimed and index-only scans never pay off.
 *
 * Every interval, the data and link tables and the kernel's own tables whose changes passed autovacuum's default thresholds
 * (analyze: 50 + 10% of the rows modified; vacuum: 50 + 20% dead, or 1,000 + 20% inserted since the
 * last vacuum) get `VACUUM (ANALYZE)` or `ANALYZE`, one table per statement: PGlite runs one
 * statement at a time, so a request waits for at most one table's maintenance. A failure is logged
 * with the table and tried again at the next round.
 */
export class EmbeddedMaintenance {
  #timer: ReturnType<typeof setTimeout> | undefined
  #running: Promise<unknown> = Promise.resolve()
  #stopped = false

  constructor(
    private readonly db: Database,
    private readonly logger: Logger,
    private readonly intervalMs = MAINTENANCE_INTERVAL_MS,
  ) {}

  start(): void {
    this.#schedule()
  }

  async stop(): Promise<void> {
    this.#stopped = true
    clearTimeout(this.#timer)
    await this.#running
  }

  /** One round now: answers the tables it vacuumed or analyzed. */
  async runOnce(): Promise<string[]> {
    // Table statistics reach pg_stat_user_tables when a backend flushes them, which a single-user
    // PostgreSQL does lazily: ask for the flush, which the next statement's end performs.
    await this.db.query(sql`select pg_stat_force_next_flush()`)
    // Autovacuum's default thresholds, each computed once: `t.n` rows, `x.vacuum` due for VACUUM.
    const due = await this.db.query<TableStats>(sql`
      select s.relname as name, x.vacuum
      from pg_stat_user_tables s
      cross join lateral (select greatest(c.reltuples, 0) as n from pg_class c where c.oid = s.relid) t
      cross join lateral (select s.n_dead_tup > 50 + 0.2 * t.n or s.n_ins_since_vacuum > 1000 + 0.2 * t.n as vacuum) x
      where s.schemaname = current_schema() and (x.vacuum or s.n_mod_since_analyze > 50 + 0.1 * t.n)
      order by s.relname`)
    const done: string[] = []
    for (const t of due) {
      if (this.#stopped) break
      // Data, link and side tables (generated names) and the kernel's own (the outbox, sessions, the
      // audit log and upload chunks churn most); a plugin's tables are its own business.
      if (!maintenanceTarget(t.name)) continue
      if (await maintainTable(this.db, this.logger, t.name, { kind: t.vacuum ? 'vacuum' : 'analyze' }, 'embedded maintenance (tried again next round)')) done.push(t.name)
    }
    return done
  }

  #schedule(): void {
    if (this.#stopped) return
    this.#timer = setTimeout(() => {
      this.#running = this.runOnce()
        .catch((err: unknown) => this.logger.warn('embedded maintenance round failed', { err: err instanceof Error ? err.message : String(err) }))
        .finally(() => this.#schedule())
    }, this.intervalMs)
    this.#timer.unref()
  }
}
