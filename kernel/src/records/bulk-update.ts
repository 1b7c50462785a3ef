import { z } from 'zod'
import { arrayLiteral, sql } from '@docpal/plugin-sdk'
import type { Actor, KernelContext } from '../context.ts'
import type { Executor } from '../db/executor.ts'
import { bindShape } from '../db/statement-cache.ts'
import { codes } from '../errors/codes.ts'
import { physicalColumn, type BoundColumn } from '../schema/table-model.ts'
import type { KeyBy, TableRuntime } from '../schema/table-runtime.ts'
import { ident } from '../sql/ident.ts'
import { parseOrThrow } from '../validation.ts'
import { screenFields, type CellInputOptions, type CellRejection } from './cell-input.ts'
import { resolveNamedRecords } from './named-records.ts'
import { currentLinks, idsOf, linkChanges, writeLinks } from './link-writes.ts'
import { whoValues } from '../audit/audit-log.ts'
import { auditSlotsAt, auditedWrite, changesJson, recordAuditInsert } from '../audit/record-audit.ts'
import { storedOf } from './stored/stored-of.ts'
import { checkValues } from './value-checks.ts'
import { andRule, assertInEditScope, notWritable } from './row-rules.ts'
import { assertLinkable } from './link-scope.ts'
import { afterWrite, columnsOf, encodeWithHooks, keyOf, shapeKey, typedSlot, withTable } from './write-support.ts'
import { guardWrite } from './write-guard.ts'

/**
 * Records one bulk update may change. A grid paste sends at most this many per request; each
 * record is one UPDATE (records change different columns), all in one transaction, which holds
 * PGlite's only connection for its length: 1,000 keeps it well under a second.
 */
export const MAX_BULK_UPDATE = 1_000

const isFields = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v)
export const BulkUpdateBody = z.strictObject({
  records: z
    .array(
      z.strictObject({
        id: z.uuid(),
        fields: z
          .custom<Record<string, unknown>>(isFields, { error: 'must be an object of column values' })
          .meta({ type: 'object', additionalProperties: {}, description: 'Column values by column name (or id with fieldKey=id).' }),
      }),
    )
    .max(MAX_BULK_UPDATE),
})

export interface BulkUpdateOutcome {
  readonly updated: number
  /** The records as they are now, in the request's order (JSON built by PostgreSQL, parsed). */
  readonly records: unknown[]
  /** Cells left out (`skipInvalid`), in request order. */
  readonly rejected: CellRejection[]
}

interface Planned {
  readonly id: string
  readonly values: Map<BoundColumn, string | null>
}

/**
 * `PATCH .../records`: several records' fields merged in one transaction, all or nothing (but for
 * the cells `skipInvalid` leaves out). Each record goes through `record.beforeWrite` and the
 * database checks as a single PATCH does, then its UPDATE, its links, the stored values that read
 * it and `record.afterWrite`. An id not in the table (or of another company) is a 404 naming it.
 */
export async function bulkUpdate(k: KernelContext, actor: Actor, tableId: string, body: unknown, keyBy: KeyBy, opts: CellInputOptions = {}): Promise<BulkUpdateOutcome> {
  const { records } = parseOrThrow(BulkUpdateBody, body, [], codes.KRN_ERR_VALIDATION)
  const seen = new Map<string, number>()
  records.forEach((r, i) => {
    const first = seen.get(r.id)
    if (first !== undefined) throw codes.KRN_ERR_VALIDATION(`Record ${i}: '${r.id}' is also record ${first}; send each record once.`, { path: ['records', i, 'id'] })
    seen.set(r.id, i)
  })
  const rejected: CellRejection[] = []
  const out = await withTable(k, actor, tableId, 'edit', async (rt) => {
    rejected.length = 0
    const planned: Planned[] = []
    const named = await resolveNamedRecords(
      k,
      actor,
      rt,
      records.map((r) => r.fields),
      keyBy,
      opts,
      rejected,
      (i) => ['records', i, 'fields'],
    )
    for (const [i, r] of records.entries()) {
      const path = ['records', i, 'fields']
      const fields = screenFields(rt, named[i], keyBy, opts, i, path, rejected)
      const values = await encodeWithHooks(k, rt, actor, fields, keyBy, 'patch', r.id, path).catch((err: unknown) => {
        if (err instanceof Error && 'code' in err && !err.message.startsWith('Record ')) err.message = `Record ${i}: ${err.message}`
        throw err
      })
      planned.push({ id: r.id, values })
    }
    await checkValues(
      k.db,
      rt,
      actor.userId,
      planned.map((p) => p.values),
      (i, b) => ['records', i, 'fields', keyOf(b, keyBy)],
    )
    if (!planned.length) return { records: [], planned }
    const ids = planned.map((p) => p.id)
    const json = await k.db.transaction(async (tx) => {
      await guardWrite(tx, rt)
      // Only rows the caller may edit are found (and locked); the others are absent or refused.
      const editable = sql`select t.id from ${rt.physical} t where t.id = any(${arrayLiteral(ids)}::uuid[])${andRule(rt, 'edit', actor.userId, true)} for update`
      const found = new Set((await tx.query<{ id: string }>(editable)).map((r) => r.id))
      const missing = ids.filter((id) => !found.has(id))
      const first = missing[0]
      if (first) throw await notWritable(tx, rt, first, actor.userId, 'edit', ['records', ids.indexOf(first), 'id'], missing)
      const written = new Set<string>()
      for (const p of planned) await writeOne(k, tx, rt, actor, p, written)
      if (written.size && storedOf(rt).readsTable(rt.meta.id, written)) await storedOf(rt).rowsChanged(tx, rt.meta.id, ids, written)
      await assertInEditScope(tx, rt, ids, actor.userId, 'edit')
      await afterWrite(
        k,
        rt,
        actor,
        'update',
        planned.map((p) => ({ recordId: p.id, changed: columnsOf(p.values).map((b) => b.meta.id) })),
      )
      // The read-back and COMMIT share one round trip.
      return tx.finishing(
        tx.query<{ id: string; r: string }>(
          sql`select t.id, (${rt.recordJson(keyBy)})::text as r from ${rt.physical} t${rt.storedJoin} where t.id = any(${arrayLiteral(ids)}::uuid[])`,
        ),
      )
    })
    const byId = new Map(json.map((row) => [row.id, row.r]))
    return { records: ids.map((id) => JSON.parse(byId.get(id) ?? 'null') as unknown), planned }
  })
  for (const p of out.planned) {
    const changed = columnsOf(p.values).map((b) => b.meta.id)
    k.events.emit('record.updated', { tableId, recordId: p.id, companyId: actor.companyId, userId: actor.userId, changed })
  }
  return { updated: out.planned.length, records: out.records, rejected }
}

/**
 * One record's UPDATE (a cached statement per set of columns) and its links. `written` collects
 * the physical columns. Its `record.update` audit entry is part of the same statement, as for a
 * single PATCH: the previous row (`p`, locked) gives the old values of the columns that changed;
 * link columns list their links before and after, read before the write.
 */
async function writeOne(k: KernelContext, tx: Executor, rt: TableRuntime, actor: Actor, p: Planned, written: Set<string>): Promise<void> {
  const cols = columnsOf(p.values).filter((b) => !b.meta.linkSide)
  const linked = columnsOf(p.values).filter((b) => b.meta.linkSide)
  const audited = k.audit.enabled
  const links = Object.fromEntries(linked.map((b) => [b.meta.name, idsOf(p.values.get(b) ?? null)]))
  const changedLinks = audited ? linkChanges(links, await currentLinks(tx, linked, p.id)) : {}
  const shape = rt.statements.shape(shapeKey(audited ? 'bulk-update+audit' : 'bulk-update', 'id', [...cols, ...linked]), (slot) => {
    const sets = [...cols.map((b, i) => sql`${ident(physicalColumn(b.meta))} = ${typedSlot(b, slot(1 + i))}`), sql`updated_at = now()`]
    if (!audited) return sql`update ${rt.physical} as t set ${sql.join(sets, sql`, `)} where t.id = ${slot(0)}`
    const before = sql`p as (select t.* from ${rt.physical} t where t.id = ${slot(0)} for update)`
    const write = sql`update ${rt.physical} as t set ${sql.join(sets, sql`, `)} from p where t.id = p.id`
    const meta = sql`jsonb_build_object('changes', ${changesJson(cols)} || ${slot(1 + cols.length)}::jsonb, 'via', 'bulk')`
    const audit = recordAuditInsert(auditSlotsAt(slot, 2 + cols.length), rt, 'record.update', meta, sql`t join p on p.id = t.id`)
    return auditedWrite(rt, undefined, write, audit, before)
  })
  const values = [p.id, ...cols.map((b) => p.values.get(b) ?? null)]
  await tx.run(shape.text, bindShape(shape, audited ? [...values, JSON.stringify(changedLinks), ...whoValues(actor)] : values))
  for (const b of cols) written.add(physicalColumn(b.meta))
  for (const b of linked) {
    await assertLinkable(k, actor, tx, b, idsOf(p.values.get(b) ?? null), ['records'])
    const others = await writeLinks(tx, b, p.id, p.values.get(b) ?? null, true)
    const [src, dst] = b.meta.linkSide === 'src' ? [[p.id], others] : [others, [p.id]]
    await storedOf(rt).linksChanged(tx, physicalColumn(b.meta), src, dst)
  }
}
