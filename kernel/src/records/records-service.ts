import { z } from 'zod'
import { arrayLiteral, sql } from '@docpal/plugin-sdk'
import type { Executor } from '../db/executor.ts'
import { bindShape } from '../db/statement-cache.ts'
import type { Actor, KernelContext } from '../context.ts'
import { codes } from '../errors/codes.ts'
import type { CellFormat, KeyBy, TableRuntime } from '../schema/table-runtime.ts'
import { ident } from '../sql/ident.ts'
import { isUuid, parseOrThrow } from '../validation.ts'
import { MAX_BULK, bulkInsert } from './bulk-insert.ts'
import { bulkUpdate, type BulkUpdateOutcome } from './bulk-update.ts'
import type { CellInputOptions, CellRejection } from './cell-input.ts'
import { summarise, type SummaryOutcome } from './summary.ts'
import { currentLinks, idsOf, linkChanges, writeLinks } from './link-writes.ts'
import { exportRows, type ExportRows } from './export-rows.ts'
import { prepareImport, type ImportRun } from './import-rows.ts'
import { listPage, type ListExtra } from './list-page.ts'
import { recordId } from './record-id.ts'
import { storedOf } from './stored/stored-of.ts'
import { checkValues } from './value-checks.ts'
import { readRecord } from './record-read.ts'
import { afterWrite, columnsOf, encodeWithHooks, keyOf, shapeKey, tableFor, typedSlot, withTable, writeWithHooks } from './write-support.ts'
import { andRule, assertInEditScope, notWritable, refusedRow } from './row-rules.ts'
import { createStatement } from './create-statement.ts'
import { deleteEntryMetadata, restoreRecords } from './record-restore.ts'
import { guardExpr, guardWrite } from './write-guard.ts'
import { marked, markSource, type WriteSource } from './write-source.ts'
import { assertLinkable } from './link-scope.ts'
import type { Action } from '../permissions/permission-model.ts'
import { physicalColumn, type BoundColumn } from '../schema/table-model.ts'
import { present } from '../errors/present.ts'
import { whoValues } from '../audit/audit-log.ts'
import { auditParams, auditSlotsAt, auditedWrite, changesJson, recordAuditInsert, valuesJson } from '../audit/record-audit.ts'

export { MAX_BULK }
export const DeleteManyBody = z.object({ ids: z.array(z.uuid()).min(1).max(MAX_BULK) })

/**
 * Record reads and writes. Each request is one statement (or one transaction when hooks must run
 * inside it); responses are JSON text built by PostgreSQL and passed through untouched. Bulk
 * inserts and pages have files of their own (bulk-insert.ts, list-page.ts).
 */
export class RecordsService {
  constructor(private readonly k: KernelContext) {}

  /**
   * A write that sets relation fields: links live in link tables, so the row, its links, the
   * afterWrite hooks and the read-back run in one transaction.
   */
  async #withLinks(
    rt: TableRuntime,
    actor: Actor,
    op: 'create' | 'update' | 'replace',
    recordId: string,
    keyBy: KeyBy,
    values: Map<BoundColumn, string | null>,
    replace: boolean,
    writeRow: (tx: Executor, links: Record<string, string[]>, previous?: Record<string, string[]>) => Promise<void>,
  ) {
    const changed = columnsOf(values).map((b) => b.meta.id)
    const result = await this.k.db.transaction(async (tx) => {
      await guardWrite(tx, rt)
      // The audit entry lists the links the request set (the row's own statement writes it).
      const links: Record<string, string[]> = {}
      for (const b of columnsOf(values)) if (b.meta.linkSide) links[b.meta.name] = idsOf(values.get(b) ?? null)
      const linkCols = columnsOf(values).filter((b) => b.meta.linkSide)
      await writeRow(tx, links, op !== 'create' && this.k.audit.enabled ? await currentLinks(tx, linkCols, recordId) : undefined)
      const plain: string[] = []
      for (const b of columnsOf(values)) {
        if (!b.meta.linkSide) {
          plain.push(physicalColumn(b.meta))
          continue
        }
        await assertLinkable(this.k, actor, tx, b, idsOf(values.get(b) ?? null), ['fields', keyOf(b, keyBy)])
        const others = await writeLinks(tx, b, recordId, values.get(b) ?? null, replace)
        const [src, dst] = b.meta.linkSide === 'src' ? [[recordId], others] : [others, [recordId]]
        await storedOf(rt).linksChanged(tx, physicalColumn(b.meta), src, dst)
      }
      if (op !== 'create' && storedOf(rt).readsTable(rt.meta.id, plain)) await storedOf(rt).rowsChanged(tx, rt.meta.id, [recordId], plain)
      await assertInEditScope(tx, rt, [recordId], actor.userId, op === 'create' ? 'create' : 'edit')
      await afterWrite(this.k, rt, actor, op, [{ recordId, changed }])
      // The read-back and COMMIT share one round trip.
      return present(await tx.finishing(tx.one<{ r: string }>(rt.selectJson(keyBy, sql`${recordId}`))), `record ${recordId} just written`).r
    })
    return { result, recordId, changed }
  }

  /**
   * `opts.recordId`: the new record's id, chosen by the server (a workflow step's idempotent create); never from a request.
   * `opts.source` names the path a person used (`form`: the table's form): it is set for the
   * write's own transaction, so the outbox row of the create keeps it (trigger-form-submitted).
   */
  async create(actor: Actor, tableId: string, body: unknown, keyBy: KeyBy, opts: { readonly recordId?: string; readonly source?: WriteSource } = {}): Promise<string> {
    const fields = (body as { fields?: unknown } | null)?.fields ?? {}
    const out = await withTable(this.k, actor, tableId, 'create', async (rt) => {
      const values = await encodeWithHooks(this.k, rt, actor, fields, keyBy, 'create', undefined)
      await checkValues(this.k.db, rt, actor.userId, [values], (_row, b) => ['fields', keyOf(b, keyBy)])
      const id = opts.recordId ?? recordId()
      const cols = columnsOf(values).filter((b) => !b.meta.linkSide)
      const linked = columnsOf(values).filter((b) => b.meta.linkSide)
      if (linked.length) {
        // Links live in link tables: insert the row, then its links, then read it back, in one transaction.
        return this.#withLinks(rt, actor, 'create', id, keyBy, values, false, async (tx, links) => {
          if (opts.source !== undefined) await markSource(tx, opts.source)
          const names = sql.join([sql`id`, sql`created_by`, ...cols.map((b) => ident(physicalColumn(b.meta)))], sql`, `)
          const vals = sql.join([sql`${id}`, sql`${actor.userId}`, ...cols.map((b) => typedSlot(b, sql`${values.get(b)}`))], sql`, `)
          const write = sql`insert into ${rt.physical} as t (${names}) values (${vals})`
          const meta = sql`jsonb_build_object('values', ${valuesJson(cols)} || ${JSON.stringify(links)}::jsonb)`
          const audit = recordAuditInsert(auditParams(whoValues(actor)), rt, 'record.create', meta, sql`t`)
          await tx.query(this.k.audit.enabled ? auditedWrite(rt, undefined, write, audit) : write)
        })
      }
      const { shape, checksScope } = createStatement(rt, keyBy, cols, this.k.audit.enabled, actor.userId)
      const params = bindShape(shape, [id, actor.userId, ...values.values(), ...whoValues(actor)])
      const run = async (ex: Executor) => {
        const [row] = await ex.run<{ r: string }>(shape.text, params).catch((err: unknown) => {
          throw refusedRow(err, rt, 'create')
        })
        return { result: present(row, `record ${id} just inserted`).r, recordId: id, changed: cols.map((b) => b.meta.id) }
      }
      // A marked write runs in a transaction of its own (several = true): the mark holds for the insert and ends with it.
      return writeWithHooks(this.k, rt, actor, 'create', opts.source ? marked(opts.source, run) : run, opts.source !== undefined, checksScope)
    })
    this.k.events.emit('record.created', { tableId, recordId: out.recordId, companyId: actor.companyId, userId: actor.userId, ...(opts.source ? { source: opts.source } : {}) })
    return out.result
  }

  bulk(actor: Actor, tableId: string, body: unknown, keyBy: KeyBy, opts: CellInputOptions = {}): Promise<{ created: number; ids: string[]; rejected?: CellRejection[] }> {
    return bulkInsert(this.k, actor, tableId, body, keyBy, opts)
  }

  readonly restore = (actor: Actor, tableId: string, body: unknown) => restoreRecords(this.k, actor, tableId, body) // deleted records back (record-restore.ts)

  /** Several records' fields merged at once (bulk-update.ts). */
  bulkUpdate(actor: Actor, tableId: string, body: unknown, keyBy: KeyBy, opts: CellInputOptions = {}): Promise<BulkUpdateOutcome> {
    return bulkUpdate(this.k, actor, tableId, body, keyBy, opts)
  }

  async get(actor: Actor, tableId: string, recordId: string, keyBy: KeyBy, format: CellFormat = 'id'): Promise<string> {
    return (await readRecord<{ r: string }>(this.k, actor, tableId, recordId, `get|${keyBy}|${format}`, (rt, id) => rt.selectJson(keyBy, id, format))).r
  }

  /** A record by field name with its values as ids and, read in the same statement, as labels (a workflow run's record). */
  async getWithLabels(actor: Actor, tableId: string, recordId: string): Promise<{ ids: string; labels: string }> {
    const row = await readRecord<{ r: string; l: string }>(this.k, actor, tableId, recordId, 'get|name|both', (rt, id) => rt.selectJson('name', id, 'both'))
    return { ids: row.r, labels: row.l }
  }

  async update(actor: Actor, tableId: string, recordId: string, body: unknown, mode: 'patch' | 'replace', keyBy: KeyBy): Promise<string> {
    if (!isUuid(recordId)) throw codes.KRN_ERR_NOT_FOUND('Record', recordId)
    const fields = (body as { fields?: unknown } | null)?.fields ?? {}
    const out = await withTable(this.k, actor, tableId, 'edit', async (rt) => {
      const values = await encodeWithHooks(this.k, rt, actor, fields, keyBy, mode, recordId)
      await checkValues(this.k.db, rt, actor.userId, [values], (_row, b) => ['fields', keyOf(b, keyBy)])
      const cols = columnsOf(values).filter((b) => !b.meta.linkSide)
      const linked = columnsOf(values).filter((b) => b.meta.linkSide)
      if (linked.length) {
        return this.#withLinks(rt, actor, mode === 'patch' ? 'update' : 'replace', recordId, keyBy, values, true, async (tx, links, previous) => {
          const sets = [...cols.map((b) => sql`${ident(physicalColumn(b.meta))} = ${typedSlot(b, sql`${values.get(b)}`)}`), sql`updated_at = now()`]
          const rule = andRule(rt, 'edit', actor.userId, true)
          let statement = sql`update ${rt.physical} as t set ${sql.join(sets, sql`, `)} where t.id = ${recordId}${rule} returning t.id`
          if (this.k.audit.enabled) {
            const meta = sql`jsonb_build_object('changes', ${changesJson(cols)} || ${JSON.stringify(linkChanges(links, previous))}::jsonb)`
            const before = sql`p as (select t.* from ${rt.physical} t where t.id = ${recordId}${rule} for update)`
            const write = sql`update ${rt.physical} as t set ${sql.join(sets, sql`, `)} from p where t.id = p.id`
            statement = auditedWrite(rt, undefined, write, recordAuditInsert(auditParams(whoValues(actor)), rt, 'record.update', meta, sql`t join p on p.id = t.id`), before)
          }
          const touched = await tx.query(statement)
          if (!touched.length) throw await notWritable(tx, rt, recordId, actor.userId, 'edit')
        })
      }
      const audited = this.k.audit.enabled
      const shape = rt.statements.shape(shapeKey(audited ? 'update+audit' : 'update', keyBy, cols), (slot) => {
        const sets = [...cols.map((b, i) => sql`${ident(physicalColumn(b.meta))} = ${typedSlot(b, slot(1 + i))}`), sql`updated_at = now()`]
        const rule = andRule(rt, 'edit', actor.userId, true)
        if (!audited) return rt.returningJson(sql`update ${rt.physical} as t set ${sql.join(sets, sql`, `)} where t.id = ${slot(0)} and ${guardExpr(rt)}${rule}`, keyBy)
        // The previous row, locked, read in the same statement: the entry's old values.
        const before = sql`p as (select t.* from ${rt.physical} t where t.id = ${slot(0)} and ${guardExpr(rt)}${rule} for update)`
        const write = sql`update ${rt.physical} as t set ${sql.join(sets, sql`, `)} from p where t.id = p.id`
        const meta = sql`jsonb_build_object('changes', ${changesJson(cols)})`
        return auditedWrite(rt, keyBy, write, recordAuditInsert(auditSlotsAt(slot, 1 + cols.length), rt, 'record.update', meta, sql`t join p on p.id = t.id`), before)
      })
      const params = bindShape(shape, [recordId, ...values.values(), ...whoValues(actor)])
      const written = cols.map((b) => physicalColumn(b.meta))
      const followers = storedOf(rt).readsTable(rt.meta.id, written)
      return writeWithHooks(
        this.k,
        rt,
        actor,
        mode === 'patch' ? 'update' : 'replace',
        async (ex) => {
          const [row] = await ex.run<{ r: string }>(shape.text, params)
          if (!row) throw await notWritable(ex, rt, recordId, actor.userId, 'edit')
          let result = row.r
          if (followers) {
            await storedOf(rt).rowsChanged(ex, rt.meta.id, [recordId], written)
            // A record linked to itself reads its own new values.
            result = present(await ex.one<{ r: string }>(rt.selectJson(keyBy, sql`${recordId}`)), `record ${recordId} just updated`).r
          }
          return { result, recordId, changed: cols.map((b) => b.meta.id) }
        },
        followers,
      )
    })
    this.k.events.emit('record.updated', { tableId, recordId, companyId: actor.companyId, userId: actor.userId, changed: out.changed })
    return out.result
  }

  async delete(actor: Actor, tableId: string, recordId: string): Promise<void> {
    if (!isUuid(recordId)) throw codes.KRN_ERR_NOT_FOUND('Record', recordId)
    await withTable(this.k, actor, tableId, 'delete', (rt) => {
      const followers = storedOf(rt).readsTable(rt.meta.id)
      return writeWithHooks(
        this.k,
        rt,
        actor,
        'delete',
        async (ex) => {
          const follow = followers ? await storedOf(rt).beforeDelete(ex, rt.meta.id, [recordId]) : undefined
          const audited = this.k.audit.enabled
          const shape = rt.statements.shape(audited ? 'delete+audit' : 'delete', (slot) => {
            const write = sql`delete from ${rt.physical} t where t.id = ${slot(0)} and ${guardExpr(rt)}${andRule(rt, 'delete', actor.userId, true)}`
            if (!audited) return sql`${write} returning t.id`
            return auditedWrite(rt, undefined, write, recordAuditInsert(auditSlotsAt(slot, 1), rt, 'record.delete', deleteEntryMetadata(rt), sql`t`))
          })
          const [row] = await ex.run(shape.text, bindShape(shape, [recordId, ...whoValues(actor)]))
          if (!row) throw await notWritable(ex, rt, recordId, actor.userId, 'delete')
          await follow?.(ex)
          return { result: undefined, recordId, changed: [] }
        },
        followers,
      )
    })
    this.k.events.emit('record.deleted', { tableId, recordId, companyId: actor.companyId, userId: actor.userId })
  }

  /** Deletes several records at once: all of them, or none when one is missing. */
  async deleteMany(actor: Actor, tableId: string, body: unknown): Promise<{ deleted: number }> {
    const { ids } = parseOrThrow(DeleteManyBody, body)
    const unique = [...new Set(ids)]
    await withTable(this.k, actor, tableId, 'delete', (rt) =>
      this.k.db.transaction(async (tx) => {
        await guardWrite(tx, rt)
        const follow = storedOf(rt).readsTable(rt.meta.id) ? await storedOf(rt).beforeDelete(tx, rt.meta.id, unique) : undefined
        const write = sql`delete from ${rt.physical} t where t.id = any(${arrayLiteral(unique)}::uuid[])${andRule(rt, 'delete', actor.userId, true)}`
        const statement = this.k.audit.enabled
          ? auditedWrite(rt, undefined, write, recordAuditInsert(auditParams(whoValues(actor)), rt, 'record.delete', deleteEntryMetadata(rt), sql`t`))
          : sql`${write} returning t.id`
        const gone = await tx.query<{ id: string }>(statement)
        if (gone.length !== unique.length) {
          const found = new Set(gone.map((r) => r.id))
          const missing = unique.find((id) => !found.has(id))
          throw missing ? await notWritable(tx, rt, missing, actor.userId, 'delete') : codes.KRN_ERR_NOT_FOUND('Record', unique.join(', '))
        }
        await follow?.(tx)
        await afterWrite(
          this.k,
          rt,
          actor,
          'delete',
          unique.map((id) => ({ recordId: id, changed: [] })),
        )
      }),
    )
    for (const recordId of unique) this.k.events.emit('record.deleted', { tableId, recordId, companyId: actor.companyId, userId: actor.userId })
    return { deleted: unique.length }
  }

  /**
   * A table's records (the request's filter, sort, search and fields; a view adds its own with
   * `extra`) as rows for an export, streamed in batches.
   */
  async export(actor: Actor, tableId: string, raw: Record<string, unknown>, extra: ListExtra = {}): Promise<ExportRows & { name: string }> {
    const rt = await tableFor(this.k, actor, tableId, 'view')
    return { name: rt.meta.name, ...(await exportRows(this.k, actor, tableId, raw, extra)) }
  }

  /** Checks an import's mapping (column ids per file column, null: skipped) and answers what writes its rows. */
  prepareImport(actor: Actor, tableId: string, columns: ReadonlyArray<string | null>): Promise<ImportRun> {
    return prepareImport(this.k, actor, tableId, columns)
  }

  /** The summary row's aggregates over every matching record (summary.ts). */
  summary(actor: Actor, tableId: string, body: unknown, extra: ListExtra = {}): Promise<SummaryOutcome> {
    return summarise(this.k, actor, tableId, body, extra)
  }

  /** The table as `actor` may use it for `action` (403 without it; their hidden columns gone). */
  tableFor(actor: Actor, tableId: string, action: Action): Promise<TableRuntime> {
    return tableFor(this.k, actor, tableId, action)
  }

  /** A page of records as the API's JSON text. `extra` is what a view adds to the request. */
  list(actor: Actor, tableId: string, raw: unknown, extra: ListExtra = {}): Promise<string> {
    return listPage(this.k, actor, tableId, raw, extra)
  }
}

export type { Executor }
