import { sql } from '@docpal/plugin-sdk'
import type { Executor } from '../db/executor.ts'
import { codes } from '../errors/codes.ts'
import { isLockTimeout } from '../db/advisory-locks.ts'

/**
 * The plugin generation (migration 20261213010000, issue 19): a counter of committed plugin
 * changes, and the advisory key that orders them against schema changes in every server process.
 * A plugin change takes the key EXCLUSIVE and bumps the counter in its transaction; a schema
 * change takes it SHARED and reads the counter in the next statement (a fresh snapshot, so a
 * change that committed while it waited is seen), then plans with plugins no older than that.
 * So a column is never planned with a field type another process has just disabled, and an
 * in-use check of a disable never misses a column created meanwhile.
 */
const KEY = sql`hashtextextended('docpal.plugins', 23)`

/** EXCLUSIVE for this transaction, waiting at most 5 s for schema changes that hold it SHARED. */
export async function lockPluginChanges(tx: Executor, pluginId: string): Promise<void> {
  try {
    await tx.query(sql`select set_config('lock_timeout', '5s', true)`)
    await tx.query(sql`select pg_advisory_xact_lock(${KEY})`)
  } catch (err) {
    if (isLockTimeout(err)) throw codes.KRN_ERR_PLUGIN_BUSY(`Changing plugin '${pluginId}'`)
    throw err
  }
}

/** One more committed plugin change (call inside its transaction); answers the new generation. */
export async function bumpPluginGeneration(tx: Executor): Promise<number> {
  const row = await tx.one<{ n: string | number }>(sql`update plugin_generation set n = n + 1 returning n`)
  return Number(row?.n ?? 0)
}

/** The generation as committed now (no lock). */
export async function pluginGeneration(ex: Executor): Promise<number> {
  const row = await ex.one<{ n: string | number }>(sql`select n from plugin_generation`)
  return Number(row?.n ?? 0)
}

/**
 * For a schema change: the key SHARED for its transaction (a plugin change under way finishes
 * first, one not begun waits for this one), then the generation read in a statement of its own.
 * Both are sent at once (pipelined); the read runs once the lock is held.
 */
export async function pluginGenerationForSchemaChange(tx: Executor): Promise<number> {
  try {
    const [, n] = await Promise.all([tx.query(sql`select pg_advisory_xact_lock_shared(${KEY})`), pluginGeneration(tx)])
    return n
  } catch (err) {
    if (isLockTimeout(err)) throw codes.KRN_ERR_PLUGIN_BUSY('This schema change')
    throw err
  }
}

/** The generation whose plugin changes this process has applied (-1: not read yet). */
export class AppliedGeneration {
  #n = -1

  is(n: number): boolean {
    return n === this.#n
  }

  /** Everything up to `n` is applied here (or more). */
  covers(n: number): boolean {
    return this.#n >= n
  }

  /** Everything up to `n` is applied here (read before applying them all). */
  set(n: number): void {
    this.#n = n
  }

  /**
   * One change applied here that made generation `n`: taken only when it is the next one (or
   * already known), so a change in between stays unapplied until a sync; answers whether taken.
   */
  advance(n: number): boolean {
    if (n !== this.#n && n !== this.#n + 1) return false
    this.#n = n
    return true
  }
}

/** Thrown in a schema change's transaction when plugins changed since this process applied them. */
export class PluginsBehind extends Error {
  constructor(readonly generation: number) {
    super(`plugins are at generation ${generation} in the database, not as applied in this process`)
  }
}
