import { arrayLiteral, sql, type ErrorPath, type SQL } from '@docpal/plugin-sdk'
import type { Executor } from '../db/executor.ts'
import { codes } from '../errors/codes.ts'
import { rowRule } from '../query/compile.ts'
import { rowScope, type RowAction } from '../query/resolve.ts'
import type { TableRuntime } from '../schema/table-runtime.ts'

/** Whether the caller's permissions limit which rows they may `action` (so writes must check). */
export function limits(rt: TableRuntime, action: RowAction): boolean {
  return rowScope(rt, action) !== undefined
}

/**
 * ` and <rule>` for a statement over alias `t`, or nothing when the caller is not limited. A
 * write (UPDATE, DELETE) cannot join the stored-values side table a rule may read, so there the
 * rule tests the row through a subquery that can.
 */
export function andRule(rt: TableRuntime, action: RowAction, userId: string, write = false) {
  if (!limits(rt, action)) return sql``
  if (!write) return sql` and ${rowRule(rt, action, userId)}`
  return sql` and t.id in (select t.id from ${rt.physical} t${rt.storedJoin} where ${rowRule(rt, action, userId)})`
}

/** SQLSTATE raised by `docpal_refuse_row()` (migration 20261207010000_row_refusal.sql). */
const ROW_REFUSED = 'DPR01'

/**
 * ` where <rule, else raise>` for the answer of a one-statement write over CTE `t` (the written
 * rows): a row outside the caller's `action` scope aborts the statement, write and audit entry
 * with it, so no transaction and no second query are needed. `refusedRow` turns the raise into
 * the same 403 `assertInEditScope` gives.
 */
export function refuseOutside(rt: TableRuntime, action: RowAction, userId: string): SQL {
  // CASE, not OR: it guarantees the rule is evaluated first and the raise only when it fails.
  return sql` where case when ${rowRule(rt, action, userId)} then true else docpal_refuse_row() end`
}

/** The 403 for a statement `refuseOutside` aborted, or `err` itself. */
export function refusedRow(err: unknown, rt: TableRuntime, action: 'create' | 'edit'): unknown {
  return (err as { code?: unknown } | null)?.code === ROW_REFUSED ? codes.KRN_ERR_PERMISSION_ROW(action, rt.meta.name) : err
}

/** Refused rows named in a 403 at most: enough for a person to find them, bounded for a large write. */
const NAMED = 100

/**
 * After a create or an edit, inside its transaction: every written row must lie inside the rows
 * the caller may create (a creating grant's edit filter) or edit, or the whole write is refused
 * (403, `details.recordIds` naming the rows outside) and rolled back. Checked on the rows as
 * stored, so computed fields and hooks' changes count.
 */
export async function assertInEditScope(ex: Executor, rt: TableRuntime, ids: ReadonlyArray<string>, userId: string, action: 'create' | 'edit'): Promise<void> {
  if (!limits(rt, action) || ids.length === 0) return
  const outside = await ex.query<{ id: string }>(
    sql`select t.id from ${rt.physical} t${rt.storedJoin} where t.id = any(${arrayLiteral([...ids])}::uuid[]) and not ${rowRule(rt, action, userId)} limit ${NAMED}`,
  )
  if (outside.length) throw codes.KRN_ERR_PERMISSION_ROW(action, rt.meta.name, { details: { recordIds: outside.map((r) => r.id) } })
}

/**
 * The error for a by-id edit or delete that matched no row: 404 when the caller cannot read the
 * record (absent, or outside their read rule: it does not exist for them), else 403 (outside the
 * rows they may `action`). A bulk write passes every id it could not write as `refused`: the 403
 * names them all (`details.recordIds`), so a grid paste can say which rows it was refused.
 */
export async function notWritable(
  ex: Executor,
  rt: TableRuntime,
  id: string,
  userId: string,
  action: 'edit' | 'delete',
  path?: ErrorPath,
  refused: ReadonlyArray<string> = [id],
): Promise<Error> {
  const ext = path ? { path } : {}
  if (!limits(rt, action)) return codes.KRN_ERR_NOT_FOUND('Record', id, ext)
  const [seen] = await ex.query(sql`select 1 from ${rt.physical} t${rt.storedJoin} where t.id = ${id}${andRule(rt, 'read', userId)}`)
  return seen ? codes.KRN_ERR_PERMISSION_ROW(action, rt.meta.name, { ...ext, details: { recordIds: refused.slice(0, NAMED) } }) : codes.KRN_ERR_NOT_FOUND('Record', id, ext)
}
