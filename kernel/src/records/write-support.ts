import { sql, TYPE_SQL, type ErrorPath, type SQL } from '@docpal/plugin-sdk'
import type { Actor, KernelContext } from '../context.ts'
import type { Executor } from '../db/executor.ts'
import { codes } from '../errors/codes.ts'
import type { BoundColumn } from '../schema/table-model.ts'
import type { KeyBy, TableRuntime } from '../schema/table-runtime.ts'
import { assertInEditScope, limits } from './row-rules.ts'
import { present } from '../errors/present.ts'
import type { Action, Grantee } from '../permissions/permission-model.ts'
import { awaitSchemaChanges, guardRefusal, staleRefusal, type Refusal } from './write-guard.ts'
import { pgCode } from '../db/pg-code.ts'

export type WriteOp = 'create' | 'update' | 'replace' | 'delete'
export type EncodeMode = 'create' | 'patch' | 'replace'

export const keyOf = (b: BoundColumn, keyBy: KeyBy): string => (keyBy === 'id' ? b.meta.id : b.meta.name)

/** PostgreSQL errors that mean our cached metadata is older than the table (another instance changed it). */
const STALE = new Set(['42703', '42P01'])

/** The request's caller as permission rules see them (undefined: the server's own work, never limited). */
export function granteeOf(actor: Actor): Grantee | undefined {
  return actor.role === undefined ? undefined : { userId: actor.userId, role: actor.role }
}

/** The table's runtime as `actor` may use it for `action` (403 without it; restricted by their rules). */
export async function tableFor(k: KernelContext, actor: Actor, tableId: string, action: Action, ex?: Executor): Promise<TableRuntime> {
  return k.permissions.restrict(granteeOf(actor), await k.tables.get(actor.companyId, tableId, ex), action, ex)
}

/**
 * Runs `fn` with the table's runtime as the caller may use it for `action`; retries once with
 * fresh metadata if the table changed under us. A write the guard refused (write-guard.ts: a
 * schema change of a table it depends on ran or committed meanwhile, so nothing was written)
 * waits for that change to commit and runs again with the new metadata, unseen by the client;
 * refused a second time, it answers 409 KRN_ERR_SCHEMA_CHANGED, which says it may be retried.
 * Input refused as invalid (a column not known here yet) is run again too when the metadata is
 * found old, so a column another process just added is taken from the next request on.
 */
export async function withTable<T>(k: KernelContext, actor: Actor, tableId: string, action: Action, fn: (rt: TableRuntime) => Promise<T>): Promise<T> {
  const rt = await tableFor(k, actor, tableId, action)
  try {
    return await fn(rt)
  } catch (err) {
    const refusal = await staleRefusal(k.db, rt, err)
    if (refusal) {
      const fresh = await refreshedTable(k, actor, rt, refusal, action)
      return fn(fresh).catch((again: unknown) => {
        throw schemaChangedAgain(fresh, again)
      })
    }
    const code = pgCode(err)
    if (!code || !STALE.has(code)) throw err
    k.tables.invalidate(tableId)
    return fn(await tableFor(k, actor, tableId, action))
  }
}

/**
 * The table's runtime read again after the write guard refused a write compiled from `rt`: once
 * the schema change holding it (DPW01) committed, with the plugins as the database has them.
 */
export async function refreshedTable(k: KernelContext, actor: Actor, rt: TableRuntime, refusal: Refusal, action: Action): Promise<TableRuntime> {
  if (refusal === 'DPW01') await awaitSchemaChanges(k.db, rt)
  // A plugin enabled or disabled elsewhere bumps the tables using its field types: apply it
  // here first, or the fresh metadata would be compiled with the old field types again.
  await k.plugins.sync()
  // Only this process's copy is old: the process that made the change announces it itself.
  // Permission rule changes bump the versions too (permissions-service.ts): rules read again.
  k.tables.clear()
  k.permissions.invalidate(rt.meta.companyId)
  return tableFor(k, actor, rt.meta.id, action)
}

/** A second refusal of a write run again with fresh metadata: 409, retryable; anything else as it is. */
export function schemaChangedAgain(fresh: TableRuntime, again: unknown): unknown {
  if (!guardRefusal(again)) return again
  return codes.KRN_ERR_SCHEMA_CHANGED(`table '${fresh.meta.name}' or a table related to it`, { details: { retryable: true, retryAfterSeconds: 1 }, cause: again })
}

/** Column list of a write, in the order its values were encoded. */
export function columnsOf(values: Map<BoundColumn, string | null>): BoundColumn[] {
  return [...values.keys()]
}

/** The key of a cached statement shape: the operation and the columns it writes. */
export function shapeKey(prefix: string, keyBy: KeyBy, cols: ReadonlyArray<BoundColumn>): string {
  let key = `${prefix}|${keyBy}`
  for (const c of cols) key += '|' + c.meta.id
  return key
}

export function typedSlot(b: BoundColumn, slot: SQL): SQL {
  return sql`${slot}::${TYPE_SQL[present(b.meta.dataType, `the data type of column '${b.meta.name}'`)]}`
}

/**
 * Validates and encodes a record's values, through the `record.beforeWrite` hooks when any are
 * registered (they see and return values keyed by column id).
 */
export async function encodeWithHooks(
  k: KernelContext,
  rt: TableRuntime,
  actor: Actor,
  fields: unknown,
  keyBy: KeyBy,
  mode: EncodeMode,
  recordId: string | undefined,
  path: ErrorPath = ['fields'],
): Promise<Map<BoundColumn, string | null>> {
  if (!k.hooks.has('record.beforeWrite') || fields === null || typeof fields !== 'object' || Array.isArray(fields)) return rt.encodeValues(fields, keyBy, mode, path)
  const byId: Record<string, unknown> = {}
  const lookup = keyBy === 'id' ? rt.byId : rt.byName
  for (const [key, v] of Object.entries(fields as Record<string, unknown>)) {
    const b = lookup.get(key)
    if (!b) throw codes.KRN_ERR_RECORD_INVALID(`Unknown column '${key}'.`, { path: [...path, key] })
    byId[b.meta.id] = v
  }
  const op = mode === 'patch' ? 'update' : mode
  const draft = await k.hooks.waterfall('record.beforeWrite', { recordId, values: byId }, { ...actor, tableId: rt.meta.id, table: rt.info, op })
  if (keyBy === 'id') return rt.encodeValues(draft.values, 'id', mode, path)
  // Back to the request's keys, so error paths name columns as the client did (as without hooks).
  const byName: Record<string, unknown> = {}
  for (const [id, v] of Object.entries(draft.values)) byName[rt.byId.get(id)?.meta.name ?? id] = v
  return rt.encodeValues(byName, 'name', mode, path)
}

/** The `record.afterWrite` hooks of records written in `ex`'s transaction, one call per record. */
export async function afterWrite(
  k: KernelContext,
  rt: TableRuntime,
  actor: Actor,
  op: WriteOp,
  written: ReadonlyArray<{ recordId: string; changed: ReadonlyArray<string> }>,
): Promise<void> {
  if (!k.hooks.has('record.afterWrite')) return
  for (const w of written) await k.hooks.series('record.afterWrite', { recordId: w.recordId, changed: w.changed }, { ...actor, tableId: rt.meta.id, table: rt.info, op })
}

/** A write and its afterWrite hooks; one statement, or one transaction (hooks, stored values to follow). */
export async function writeWithHooks<T>(
  k: KernelContext,
  rt: TableRuntime,
  actor: Actor,
  op: WriteOp,
  run: (ex: Executor) => Promise<{ result: T; recordId: string; changed: string[] }>,
  several = false,
  checksScope = false,
): Promise<{ result: T; recordId: string; changed: string[] }> {
  // A caller limited to some rows: the written row is checked inside the write's transaction,
  // unless the statement checks it itself (`checksScope`, records/create-statement.ts).
  const scoped = !checksScope && (op === 'create' ? limits(rt, 'create') : (op === 'update' || op === 'replace') && limits(rt, 'edit'))
  if (!several && !scoped && !k.hooks.has('record.afterWrite')) return run(k.db)
  return k.db.transaction(async (tx) => {
    const out = await run(tx)
    if (scoped) await assertInEditScope(tx, rt, [out.recordId], actor.userId, op === 'create' ? 'create' : 'edit')
    await afterWrite(k, rt, actor, op, [out])
    return out
  })
}
