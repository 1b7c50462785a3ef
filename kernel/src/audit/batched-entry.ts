import { arrayLiteral, sql, type SQL } from '@docpal/plugin-sdk'
import type { Executor } from '../db/executor.ts'
import type { BoundColumn } from '../schema/table-model.ts'
import { physicalColumn } from '../schema/table-model.ts'
import type { TableRuntime } from '../schema/table-runtime.ts'
import { col, ident } from '../sql/ident.ts'
import { AUDIT_BATCH_INSERT } from './audit-log.ts'
import type { AuditLogEntry } from './audit-query.ts'
import type { AuditViewer } from './audit-visibility.ts'
import type { AuditSlots } from './record-audit.ts'

/**
 * Bulk inserts and imports write ONE entry per batch, `record.bulk_create` on the table, listing
 * every record it created with its values; the API answers `metadata: {via, count, records:
 * [{id, values}]}`. One row per record (the log's heap and five indexes, 5,000 times a request)
 * cost a bulk insert ~45% of its throughput, the same values as jsonb objects in one row about as
 * much (docs/benchmarks.md). Stored instead: column names once (`metadata.columns`) and each
 * record as a json array in `batch`; `record_ids` lists the ids and `record_span` spans them
 * (`[min, max]`, one GiST key: record ids are time-ordered), so the entries of record X (its
 * timeline, `resourceId=X`) still find its creation. Readers expand the arrays
 * (`expandBatched`) and narrow the list to what the caller may see (`narrowBatched`).
 */
export const BULK_CREATE = 'record.bulk_create'

/** json_build_array takes 100 arguments: a record is `[id, [values 1-90], [values 91-180], ...]`. */
const CHUNK = 90

/**
 * A column's value in the entry: the row's own column, or for a relation field (its links just
 * written, same transaction) the ids it links the row to, null when none.
 */
function valueOf(b: BoundColumn): SQL {
  if (!b.meta.linkSide) return col(physicalColumn(b.meta))
  const [self, other] = b.meta.linkSide === 'src' ? [sql`l.src`, sql`l.dst`] : [sql`l.dst`, sql`l.src`]
  return sql`(select json_agg(${other}) from ${ident(physicalColumn(b.meta))} l where ${self} = t.id)`
}

/** The batched entry of the rows `ids` of `rt` (just copied and linked, same transaction), read back in one statement. */
export function batchedCreateInsert(s: AuditSlots, rt: TableRuntime, cols: ReadonlyArray<BoundColumn>, ids: ReadonlyArray<string>, via: string): SQL {
  const list = sql`${arrayLiteral(ids)}::uuid[]`
  const chunks: SQL[] = []
  for (let i = 0; i < cols.length; i += CHUNK)
    chunks.push(
      sql`json_build_array(${sql.join(
        cols.slice(i, i + CHUNK).map((b) => valueOf(b)),
        sql`, `,
      )})`,
    )
  const names = JSON.stringify({ via, count: ids.length, columns: cols.map((b) => b.meta.name) })
  const [lo, hi] = spanOf(ids)
  return sql`${AUDIT_BATCH_INSERT} select ${s.company}::uuid, ${s.user}::uuid, ${s.ip}::inet, ${s.userAgent}::text, ${s.requestId}::text,
    ${BULK_CREATE}::text, 'table', ${rt.meta.id}::uuid, ${rt.meta.name}::text, ${rt.meta.id}::uuid, ${names}::jsonb, array_agg(t.id order by i.n), audit_id_span(${lo}::uuid, ${hi}::uuid, '[]'),
    json_agg(json_build_array(${sql.join([sql`t.id`, ...chunks], sql`, `)}) order by i.n)
    from unnest(${list}) with ordinality i(id, n) join ${rt.physical} t on t.id = i.id`
}

/** The least and greatest of `ids` as uuids order them (PostgreSQL 15 has no min(uuid)): their hex, lowercased. */
function spanOf(ids: ReadonlyArray<string>): [string, string] {
  let lo = ids[0]?.toLowerCase() ?? ''
  let hi = lo
  for (const raw of ids) {
    const id = raw.toLowerCase()
    if (id < lo) lo = id
    if (id > hi) hi = id
  }
  return [lo, hi]
}

/** `resourceId=X` (of type `type`, when given): entries on X itself, and batched entries listing record X. */
export function resourceFilter(id: string, type: string | undefined): SQL {
  const own = type ? sql`(a.resource_type = ${type} and a.resource_id = ${id}::uuid)` : sql`a.resource_id = ${id}::uuid`
  const listed = sql`(a.record_span @> ${id}::uuid and a.record_ids @> array[${id}::uuid])`
  return !type || type === 'record' ? sql`(${own} or ${listed})` : own
}

/** The `batch` a page selects (as text): filtered by a record, only that record's (`count` stays the batch's). */
export function batchColumn(recordId: string | undefined): SQL {
  if (!recordId) return sql`a.batch::text`
  return sql`(select json_agg(r)::text from json_array_elements(a.batch) r where r->>0 = ${recordId}::text)`
}

interface ListedRecord {
  readonly id: string
  readonly values?: Record<string, unknown>
}

/** An entry as read, its `batch` (text) turned into `metadata.records` (nulls left out, as record entries leave them). */
export function expandBatched<E extends { action: string; metadata: Record<string, unknown> }>(e: E, batch: string | null): E {
  if (e.action !== BULK_CREATE) return e
  const { columns, ...metadata } = e.metadata
  if (!Array.isArray(columns)) return e
  const rows = (batch ? JSON.parse(batch) : []) as Array<[string, ...unknown[][]]>
  const records: ListedRecord[] = rows.map(([id, ...chunks]) => {
    const values: Record<string, unknown> = {}
    chunks.flat(1).forEach((v, i) => {
      if (v !== null && typeof columns[i] === 'string') values[columns[i]] = v
    })
    return { id, values }
  })
  return { ...e, metadata: { ...metadata, records } }
}

const listedOf = (e: AuditLogEntry): ListedRecord[] | undefined => (Array.isArray(e.metadata['records']) ? (e.metadata['records'] as ListedRecord[]) : undefined)

/**
 * Batched entries as `viewer` may read them: only the records their row rules let them read now
 * (one query per table on the page), without the values of columns hidden from them. An entry
 * left with none is dropped (a page may then hold fewer entries; its cursor stays right).
 */
export async function narrowBatched(ex: Executor, viewer: AuditViewer, entries: AuditLogEntry[]): Promise<AuditLogEntry[]> {
  if (!viewer.tables) return entries
  const readable = new Map<string, Set<string>>()
  for (const t of viewer.tables) {
    if (!t.readable) continue
    const ids = entries.filter((e) => e.tableId === t.id).flatMap((e) => listedOf(e)?.map((r) => r.id) ?? [])
    if (!ids.length) continue
    const rows = await ex.query<{ id: string }>(sql`select r.id from unnest(${arrayLiteral(ids)}::uuid[]) r(id) where r.id in (${t.readable})`)
    readable.set(t.id, new Set(rows.map((r) => r.id)))
  }
  const out: AuditLogEntry[] = []
  for (const e of entries) {
    const listed = listedOf(e)
    if (!listed || !e.tableId) {
      out.push(e)
      continue
    }
    const can = readable.get(e.tableId)
    const hidden = viewer.tables.find((t) => t.id === e.tableId)?.hidden ?? []
    const records = listed.filter((r) => !can || can.has(r.id)).map((r) => (hidden.length && r.values ? { ...r, values: withoutKeys(r.values, hidden) } : r))
    // Narrowed to one record (`batchColumn`) they cannot read: not an entry of theirs.
    if (listed.length && !records.length) continue
    out.push({ ...e, metadata: { ...e.metadata, records } })
  }
  return out
}

/** `values` without the keys (column names) in `hidden`. */
export function withoutKeys(values: Record<string, unknown>, hidden: ReadonlyArray<string>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([name]) => !hidden.includes(name)))
}
