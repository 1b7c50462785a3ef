import { sql, type SQL } from '@docpal/plugin-sdk'
import type { Actor, KernelContext } from '../context.ts'
import { bindShape, type Shape } from '../db/statement-cache.ts'
import { codes } from '../errors/codes.ts'
import type { TableRuntime } from '../schema/table-runtime.ts'
import { isUuid } from '../validation.ts'
import { andRule } from './row-rules.ts'
import { readGuardExpr } from './write-guard.ts'
import { withTable } from './write-support.ts'

/**
 * One record by id as the caller may read it (their row rule and the table's read guard in the
 * same statement; a record they cannot read is a 404, as one that does not exist). `select` gives
 * the statement's select list over the record; `key` names its cached shape.
 */
export async function readRecord<Row>(k: KernelContext, actor: Actor, tableId: string, recordId: string, key: string, select: (rt: TableRuntime, id: SQL) => SQL): Promise<Row> {
  if (!isUuid(recordId)) throw codes.KRN_ERR_NOT_FOUND('Record', recordId)
  return withTable(k, actor, tableId, 'view', async (rt) => {
    // A restricted runtime is the caller's own: its statements may carry their id (and versions).
    const read = (slot: (i: number) => SQL) => sql`${select(rt, slot(0))}${andRule(rt, 'read', actor.userId)} and ${readGuardExpr(rt)}`
    const shape: Shape = rt.statements.shape(key, read)
    const [row] = await k.db.run<Row>(shape.text, bindShape(shape, [recordId]))
    if (!row) throw codes.KRN_ERR_NOT_FOUND('Record', recordId)
    return row
  })
}
