import { z } from 'zod'
import { arrayLiteral, sql, type SQL } from '@docpal/plugin-sdk'
import type { Actor, KernelContext } from '../context.ts'
import type { Executor } from '../db/executor.ts'
import { dbError, isDataException } from '../db/pg-code.ts'
import { codes } from '../errors/codes.ts'
import { auditParams, auditableColumns, auditedWrite, recordAuditInsert, valuesJson } from '../audit/record-audit.ts'
import { whoValues } from '../audit/audit-log.ts'
import type { TableRuntime } from '../schema/table-runtime.ts'
import { ident } from '../sql/ident.ts'
import { parseOrThrow } from '../validation.ts'
import { MAX_BULK } from './bulk-insert.ts'
import { assertInEditScope } from './row-rules.ts'
import { storedOf } from './stored/stored-of.ts'
import { afterWrite, withTable } from './write-support.ts'
import { guardWrite } from './write-guard.ts'

/**
 * Deleted records come back as they were (undo of a delete, the audit page's Restore): the same
 * id, creation time and creator, every column's value (archived columns' too) and their links to
 * records that still exist. A delete's audit entry keeps the copy (`metadata.restore`: the row as
 * stored and each relation column's linked ids, by column id), which reads of the log never answer
 * (audit-query.ts): it holds hidden columns' values.
 */
export const RestoreBody = z.object({ ids: z.array(z.uuid()).min(1).max(MAX_BULK) })

/** The metadata of a `record.delete` entry for row `t`: what history shows and the copy a restore reads. */
export function deleteEntryMetadata(rt: TableRuntime): SQL {
  const links = [...rt.byId.values()].filter((b) => b.meta.columnName && b.meta.linkSide)
  const parts: SQL[] = []
  for (let i = 0; i < links.length; i += 50) {
    const pairs = links.slice(i, i + 50).flatMap((b) => {
      const [self, other] = b.meta.linkSide === 'src' ? [sql`l.src`, sql`l.dst`] : [sql`l.dst`, sql`l.src`]
      return [sql`${b.meta.id}::text`, sql`(select coalesce(jsonb_agg(${other}), '[]'::jsonb) from ${ident(b.meta.columnName ?? '')} l where ${self} = t.id)`]
    })
    parts.push(sql`jsonb_build_object(${sql.join(pairs, sql`, `)})`)
  }
  const linked = parts.length ? sql.join(parts, sql` || `) : sql`'{}'::jsonb`
  return sql`jsonb_build_object('values', ${valuesJson(auditableColumns(rt))}, 'restore', jsonb_build_object('row', to_jsonb(t), 'links', ${linked}))`
}

interface Copy {
  readonly id: string
  readonly row: Record<string, unknown>
  readonly links: Record<string, string[]>
}

/** The newest delete copy of each id in this table; refuses the request naming the first id that exists or has none. */
async function copiesOf(ex: Executor, rt: TableRuntime, companyId: string, ids: ReadonlyArray<string>): Promise<Copy[]> {
  const rows = await ex.query<{ id: string; copy: { row: Record<string, unknown>; links?: Record<string, string[]> } }>(sql`
    select distinct on (a.resource_id) a.resource_id as id, a.metadata->'restore' as copy
    from audit_logs a
    where a.company_id = ${companyId}::uuid and a.resource_type = 'record' and a.resource_id = any(${arrayLiteral([...ids])}::uuid[])
      and a.action = 'record.delete' and a.table_id = ${rt.meta.id}::uuid and a.metadata ? 'restore'
    order by a.resource_id, a.created_at desc, a.id desc`)
  const present = new Set((await ex.query<{ id: string }>(sql`select id from ${rt.physical} where id = any(${arrayLiteral([...ids])}::uuid[])`)).map((r) => r.id))
  const found = new Map(rows.map((r) => [r.id, r.copy]))
  return ids.map((id, i) => {
    if (present.has(id)) throw codes.KRN_ERR_CONFLICT(`Record ${id} exists in '${rt.meta.name}': only deleted records can be restored.`, { path: ['ids', i] })
    const copy = found.get(id)
    if (!copy) throw codes.KRN_ERR_RECORD_NOT_RESTORABLE(id, 'no-copy', rt.meta.name, { path: ['ids', i] })
    return { id, row: { ...copy.row, updated_at: new Date().toISOString() }, links: copy.links ?? {} }
  })
}

/** The database's refusal of a restored row, as a refusal naming the record and the reason. */
function refusal(err: unknown, rt: TableRuntime, ids: ReadonlyArray<string>): unknown {
  const d = dbError(err)
  if (!d) return err
  const one = ids.length === 1 ? (ids[0] ?? '') : ids.join(', ')
  // postgres.js names the column `column_name`, PGlite `column`.
  const e = err as { column_name?: unknown; column?: unknown }
  const column = e.column_name ?? e.column
  const field = typeof column === 'string' ? [...rt.byId.values()].find((b) => b.meta.columnName === column)?.meta.name : undefined
  const opts = { path: ['ids'], cause: err }
  if (d.code === '23505' && /_pkey/.test(d.message)) return codes.KRN_ERR_CONFLICT(`Record ${one} exists: only deleted records can be restored.`, opts)
  if (d.code === '23505') return codes.KRN_ERR_RECORD_NOT_RESTORABLE(one, 'unique', '', opts)
  if (d.code === '23502') return codes.KRN_ERR_RECORD_NOT_RESTORABLE(one, 'required', field ?? 'a column', opts)
  if (isDataException(err)) return codes.KRN_ERR_RECORD_NOT_RESTORABLE(one, 'type', '', opts)
  return err
}

/**
 * A column made required since a record was deleted: the record must have a value in it (the
 * database does not hold `required`, the write path does; relations are not checked).
 */
async function assertRequiredFilled(ex: Executor, rt: TableRuntime, ids: ReadonlyArray<string>): Promise<void> {
  const required = [...rt.byId.values()].filter((b) => b.meta.required && b.meta.columnName && !b.meta.linkSide)
  if (!required.length) return
  const empty = required.map((b) => {
    const c = sql`t.${ident(b.meta.columnName ?? '')}`
    return sql`case when ${c} is null or ${c}::text in ('', '{}', '[]') then ${b.meta.name}::text end`
  })
  const [row] = await ex.query<{ id: string; field: string }>(
    sql`select t.id, coalesce(${sql.join(empty, sql`, `)}) as field from ${rt.physical} t where t.id = any(${arrayLiteral([...ids])}::uuid[]) and coalesce(${sql.join(empty, sql`, `)}) is not null limit 1`,
  )
  if (row) throw codes.KRN_ERR_RECORD_NOT_RESTORABLE(row.id, 'required', row.field, { path: ['ids', ids.indexOf(row.id)] })
}

/**
 * `POST .../records/restore`: deleted records back, all or none. Needs the create permission; a
 * caller limited to some rows restores only rows inside them. Links to records deleted since are
 * left out (`linksSkipped`), as are links a one-link side no longer has room for.
 */
export async function restoreRecords(k: KernelContext, actor: Actor, tableId: string, body: unknown): Promise<{ restored: number; ids: string[]; linksSkipped: number }> {
  const ids = [...new Set(parseOrThrow(RestoreBody, body).ids)]
  let linksSkipped = 0
  await withTable(k, actor, tableId, 'create', (rt) =>
    k.db.transaction(async (tx) => {
      linksSkipped = 0
      await guardWrite(tx, rt)
      const copies = await copiesOf(tx, rt, actor.companyId, ids)
      const rows = sql`${JSON.stringify(copies.map((c) => c.row))}::jsonb`
      const write = sql`insert into ${rt.physical} as t select r.* from jsonb_array_elements(${rows}) e, jsonb_populate_record(null::${rt.physical}, e) r`
      const audit = recordAuditInsert(auditParams(whoValues(actor)), rt, 'record.restore', sql`jsonb_build_object('values', ${valuesJson(auditableColumns(rt))})`, sql`t`)
      await tx.query(k.audit.enabled ? auditedWrite(rt, undefined, write, audit) : write).catch((err: unknown) => {
        throw refusal(err, rt, ids)
      })
      for (const b of rt.byId.values()) {
        if (!b.meta.columnName || !b.meta.linkSide) continue
        const pairs = copies.flatMap((c) => (c.links[b.meta.id] ?? []).map((o) => [c.id, o] as const))
        if (!pairs.length) continue
        const target = b.fieldType?.links?.(b.meta.config).targetTableId
        const other = target ? rt.env.table(target)?.tableName : undefined
        if (!other) {
          linksSkipped += pairs.length
          continue
        }
        const [self, otherEnd] = b.meta.linkSide === 'src' ? [sql`src`, sql`dst`] : [sql`dst`, sql`src`]
        // Links to records deleted since are left out; ON CONFLICT without a target also passes over
        // a link a one-link side no longer has room for.
        const written = await tx.query<{ s: string; o: string }>(sql`
          insert into ${ident(b.meta.columnName)} (${self}, ${otherEnd})
          select p.s, p.o from unnest(${arrayLiteral(pairs.map((p) => p[0]))}::uuid[], ${arrayLiteral(pairs.map((p) => p[1]))}::uuid[]) p(s, o)
          where p.o in (select id from ${ident(other)})
          on conflict do nothing returning ${self} as s, ${otherEnd} as o`)
        linksSkipped += pairs.length - written.length
        const selves = [...new Set(written.map((w) => w.s))]
        const others = [...new Set(written.map((w) => w.o))]
        const src = b.meta.linkSide === 'src'
        await storedOf(rt).linksChanged(tx, b.meta.columnName, src ? selves : others, src ? others : selves)
      }
      await assertRequiredFilled(tx, rt, ids)
      await assertInEditScope(tx, rt, ids, actor.userId, 'create')
      await afterWrite(
        k,
        rt,
        actor,
        'create',
        ids.map((id) => ({ recordId: id, changed: [] })),
      )
    }),
  )
  k.events.emit('records.bulkCreated', { tableId, ids, companyId: actor.companyId, userId: actor.userId })
  return { restored: ids.length, ids, linksSkipped }
}
