import { sql, type SQL } from '@docpal/plugin-sdk'
import { auditSlotsAt, auditedWrite, recordAuditInsert, valuesJson } from '../audit/record-audit.ts'
import type { Shape } from '../db/statement-cache.ts'
import { ident } from '../sql/ident.ts'
import { hasStored } from '../schema/scope.ts'
import { physicalColumn, type BoundColumn } from '../schema/table-model.ts'
import type { KeyBy, TableRuntime } from '../schema/table-runtime.ts'
import { limits, refuseOutside } from './row-rules.ts'
import { shapeKey, typedSlot } from './write-support.ts'
import { guardExpr } from './write-guard.ts'

export interface CreateStatement {
  readonly shape: Shape
  /** The statement tests the row against the caller's create scope itself (no check after it). */
  readonly checksScope: boolean
}

/**
 * The one statement of a single-record create without links: `insert ... returning` the record
 * as JSON, with its audit entry when auditing is on. Slots: id, creator, the columns' values, then
 * the audit's. A caller limited to some rows has the row tested in the same statement (see
 * `refuseOutside`), unless the table keeps stored values, which are filled after the insert and
 * which a rule may read: those are checked after the write, in its transaction.
 */
export function createStatement(rt: TableRuntime, keyBy: KeyBy, cols: ReadonlyArray<BoundColumn>, audited: boolean, userId: string): CreateStatement {
  const checksScope = limits(rt, 'create') && !hasStored(rt.meta)
  const key = shapeKey(`${audited ? 'create+audit' : 'create'}${checksScope ? '+scope' : ''}`, keyBy, cols)
  const shape = rt.statements.shape(key, (slot) => {
    const names = sql.join([sql`id`, sql`created_by`, ...cols.map((b) => ident(physicalColumn(b.meta)))], sql`, `)
    const vals = sql.join([sql`${slot(0)}::uuid`, sql`${slot(1)}::uuid`, ...cols.map((b, i) => typedSlot(b, slot(2 + i)))], sql`, `)
    // INSERT ... SELECT so the write guard (write-guard.ts) rides in the same statement.
    const write = sql`insert into ${rt.physical} as t (${names}) select ${vals} where ${guardExpr(rt)}`
    // A restricted runtime is its caller's own, so its cached statements may carry their id.
    const check: SQL | undefined = checksScope ? refuseOutside(rt, 'create', userId) : undefined
    if (audited) {
      const meta = sql`jsonb_build_object('values', ${valuesJson(cols)})`
      return auditedWrite(rt, keyBy, write, recordAuditInsert(auditSlotsAt(slot, 2 + cols.length), rt, 'record.create', meta, sql`t`), undefined, check)
    }
    return check ? sql`with t as (${write} returning t.*) select (${rt.recordJson(keyBy)})::text as r from t${check}` : rt.returningJson(write, keyBy)
  })
  return { shape, checksScope }
}
