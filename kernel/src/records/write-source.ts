import { sql } from '@docpal/plugin-sdk'
import type { Executor } from '../db/executor.ts'

/** Paths a person writes through that workflows may tell apart (`form`: a table's form). */
export const WRITE_SOURCES = ['form'] as const
export type WriteSource = (typeof WRITE_SOURCES)[number]

/**
 * Marks the rest of the caller's transaction as written through `source`: the outbox trigger of
 * created records reads it (`current_setting('docpal.write_source', true)`). Transaction-local
 * (`set_config(..., true)`), so it never outlives the write on a pooled connection.
 */
export async function markSource(tx: Executor, source: WriteSource): Promise<void> {
  await tx.query(sql`select set_config('docpal.write_source', ${source}, true)`)
}

/** `run` with its transaction marked first. */
export function marked<T>(source: WriteSource, run: (ex: Executor) => Promise<T>): (ex: Executor) => Promise<T> {
  return async (ex) => {
    await markSource(ex, source)
    return run(ex)
  }
}
