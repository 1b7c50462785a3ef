import { DocPalError, arrayLiteral, sql, type SQL } from '@docpal/plugin-sdk'
import type { Executor } from '../db/executor.ts'
import { writeKey } from '../db/advisory-locks.ts'
import type { TableRuntime } from '../schema/table-runtime.ts'

/**
 * The guard of a record write against metadata another process (or a request of this one) has
 * changed meanwhile (issue 19, migration 20261212010000): `docpal_write_guard` locks the tables
 * the runtime was compiled from SHARED for the write's transaction and checks their versions.
 * DPW01: a schema change of one of them is under way; DPW02: one committed since compiling.
 */
const GUARD_CODES = new Set(['DPW01', 'DPW02'])

export type Refusal = 'DPW01' | 'DPW02'

/** The SQLSTATE of a guard refusal (possibly wrapped by drizzle as `cause`), else undefined. */
export function guardRefusal(err: unknown): Refusal | undefined {
  for (const e of [err, (err as { cause?: unknown } | null)?.cause]) {
    const code = (e as { code?: unknown } | null)?.code
    if (typeof code === 'string' && GUARD_CODES.has(code)) return code as Refusal
  }
  return undefined
}

/**
 * Whether `err`, which `fn` raised with runtime `rt`, may come from metadata older than the
 * database's: the guard refused the write, or the input was refused (a 400: a column this process
 * has not heard of yet; a column whose plugin is disabled here, maybe enabled since elsewhere) and
 * the guard, asked now, refuses. Costs a query on those refusals only.
 */
export async function staleRefusal(ex: Executor, rt: TableRuntime, err: unknown): Promise<Refusal | undefined> {
  const refusal = guardRefusal(err)
  if (refusal || !(err instanceof DocPalError) || (err.status !== 400 && err.code !== 'KRN_ERR_FIELD_TYPE_UNAVAILABLE')) return refusal
  try {
    await guardWrite(ex, rt)
    return undefined
  } catch (check) {
    const late = guardRefusal(check)
    if (late) return late
    throw check
  }
}

/** The tables the runtime was compiled from, sorted, and the versions it saw. */
function dependencies(rt: TableRuntime): { ids: string[]; versions: number[] } {
  const ids = [...rt.graph.keys()].sort()
  return { ids, versions: ids.map((id) => rt.graph.get(id)?.version ?? -1) }
}

/**
 * `docpal_write_guard(...)` as a boolean expression (true, or the statement fails), for a write
 * that is one statement: in its WHERE (an UPDATE or DELETE matching no row writes nothing, so
 * needs no guard) or as the condition of an INSERT ... SELECT. Its values are fixed per runtime,
 * so cached statement shapes keep them.
 */
export function guardExpr(rt: TableRuntime): SQL {
  const { ids, versions } = dependencies(rt)
  return sql`docpal_write_guard(${arrayLiteral(ids)}::uuid[], ${arrayLiteral(versions.map(String))}::int[])`
}

/**
 * `docpal_read_guard(...)` (migration 20261213020000) as a one-time filter of a read statement:
 * the versions checked in the read's own snapshot, so a schema change that committed before the
 * read began is never answered with the old metadata (DPW02, run again like a refused write).
 */
export function readGuardExpr(rt: TableRuntime): SQL {
  const { ids, versions } = dependencies(rt)
  return sql`(select docpal_read_guard(${arrayLiteral(ids)}::uuid[], ${arrayLiteral(versions.map(String))}::int[]))`
}

/** The guard as a statement of its own, anywhere in a write's transaction before it commits. */
export async function guardWrite(tx: Executor, rt: TableRuntime): Promise<void> {
  await tx.query(sql`select ${guardExpr(rt)}`)
}

/**
 * Waits for the schema changes holding the runtime's tables to commit (or give up): the SHARED
 * key taken and released in a statement of its own, bounded by the pool's statement timeout.
 */
export async function awaitSchemaChanges(ex: Executor, rt: TableRuntime): Promise<void> {
  const { ids } = dependencies(rt)
  await ex.query(sql`select count(pg_advisory_xact_lock_shared(${writeKey(sql`i`)})) from unnest(${arrayLiteral(ids)}::uuid[]) as i`)
}
