import { randomUUID } from 'node:crypto'
import { and, asc, eq, inArray } from 'drizzle-orm'
import type { z } from 'zod'
import type { Executor } from '../db/executor.ts'
import { dataTables, folderItems, views } from '../db/schema.ts'
import type { Actor, KernelContext } from '../context.ts'
import { codes } from '../errors/codes.ts'
import { tableAuditEntry } from '../audit/table-audit.ts'
import { liveRenames, type ColumnsRenamed } from './column-renames.ts'
import { applyPlan, measureConversions, type Conversion } from '../ddl/apply-plan.ts'
import { buildSearchIndexes } from '../ddl/build-search-indexes.ts'
import { schemaTransaction } from '../ddl/index-builds.ts'
import { convertValues } from '../ddl/convert-values.ts'
import type { ScopeEnv } from '../schema/scope.ts'
import { syncStored } from '../records/stored/stored-sync.ts'
import type { StoredField } from '../schema/stored-fields.ts'
import { physicalTableName } from '../schema/names.ts'
import { planSchema, type PlanStep } from '../ddl/schema-plan.ts'
import { dropTableSql } from '../ddl/statements.ts'
import { dropLinksOf } from '../ddl/drop-links.ts'
import { behindTableWrites, lockTableSchema, lockTableWrites, tryLockTableSchema } from '../ddl/table-lock.ts'
import { ddlFacts } from '../ddl/ddl-facts.ts'
import { Pipeline } from '../db/pipeline.ts'
import { insertTableRow, refreshTableRow, type TablePatch } from './table-row.ts'
import { tableAsSeenBy } from './table-visibility.ts'

import { parseOrThrow } from '../validation.ts'
import { assertNameFree, checkNewTable, requireApp } from './table-checks.ts'
import { ColumnInput, ColumnPatch, MAX_COLUMNS, TableInput, TableUpdate } from './inputs.ts'
import { findTable, loadTable } from '../schema/table-repo.ts'
import { analyzeColumns, vacuumTables } from './after-refill.ts'
import { withCurrentPlugins } from './current-plugins.ts'
import { publicTable, type TableMeta } from '../schema/table-model.ts'

export class TablesService {
  constructor(private readonly k: KernelContext) {}
  /** Set by the workflows: they follow columns renamed (column-renames.ts). */
  onColumnsRenamed: ColumnsRenamed | undefined

  readonly #available = (type: string): boolean => this.k.plugins.registries.fieldTypes.get(type) !== undefined

  create(actor: Actor, appId: string, body: unknown) {
    return withCurrentPlugins(this.k, () => this.#create(actor, appId, body))
  }

  async #create(actor: Actor, appId: string, body: unknown) {
    const input = parseOrThrow(TableInput, body)
    const id = randomUUID()
    const tableName = physicalTableName(actor.companyId, id)
    const fieldTypes = this.k.plugins.registries.fieldTypes
    let searchable: string[] = []
    const meta = await this.k.db.transaction(async (tx) => {
      const [facts] = await Promise.all([ddlFacts(tx, id), checkNewTable(tx, actor, appId, input.name), this.k.plugins.assertCurrent(tx)])
      const empty: TableMeta = {
        id,
        companyId: actor.companyId,
        appId,
        name: input.name,
        description: input.description ?? null,
        tableName,
        version: 0,
        createdBy: actor.userId,
        createdAt: '',
        updatedAt: '',
        columns: [],
        archived: [],
        layouts: { defaultCardView: {}, defaultForm: {}, defaultDetailDashboard: {}, userCardView: null, form: null, detailView: null },
      }
      const plan = planSchema(fieldTypes, empty, input.columns, await this.#env(tx, empty, input.columns))
      const pipe = new Pipeline(tx)
      pipe.run(...insertTableRow(empty))
      searchable = await applyPlan(tx, fieldTypes, empty, plan, [], { create: true, maxColumns: MAX_COLUMNS, facts, pipe })
      // The statements above and the read of what they made share one round trip.
      const [, made] = await Promise.all([pipe.flush(), loadTable(tx, actor.companyId, id)])
      const synced = await this.#syncStored(tx, made)
      const columns = input.columns.map((c) => ({ name: c.name, type: c.type }))
      // The entry, the row's refresh and COMMIT share one round trip.
      const [, written] = await tx.finishing(
        Promise.all([
          this.k.audit.write(tx, actor, { action: 'table.create', resourceType: 'table', resourceId: id, resourceName: input.name, tableId: id, metadata: { appId, columns } }),
          refreshTableRow(tx, fieldTypes, synced.meta, {}, 0),
        ]),
      )
      return written
    })
    void buildSearchIndexes(this.k.db, this.k.logger, tableName, searchable, 'table created')
    this.k.events.emit('table.created', { tableId: id, appId, companyId: actor.companyId })
    return publicTable(meta, {}, this.#available)
  }

  /** The app's tables the caller may read, each with the columns they may see. */
  async list(actor: Actor, appId: string) {
    await requireApp(this.k.db, actor, appId)
    const rows = await this.k.db.orm.select({ id: dataTables.id }).from(dataTables).where(eq(dataTables.appId, appId)).orderBy(asc(dataTables.createdAt))
    const metas = await Promise.all(rows.map((r) => loadTable(this.k.db, actor.companyId, r.id)))
    const seen = await Promise.all(metas.map((m) => tableAsSeenBy(this.k, actor, m)))
    return seen.filter((m): m is TableMeta => m !== undefined).map((m) => publicTable(m, {}, this.#available))
  }

  async get(actor: Actor, tableId: string, opts: { archived?: boolean } = {}) {
    const meta = await loadTable(this.k.db, actor.companyId, tableId)
    const seen = await tableAsSeenBy(this.k, actor, meta)
    if (!seen) throw codes.KRN_ERR_PERMISSION_DENIED('read', `table '${meta.name}'`)
    return publicTable(seen, seen === meta ? opts : {}, this.#available)
  }

  /** What a scope needs to see this table's relations: the tables reachable from it. */
  async #env(tx: Executor, meta: TableMeta, desired: ReadonlyArray<{ type: string; config?: unknown }> = []): Promise<Omit<ScopeEnv, 'userId'>> {
    const graph = await this.k.tables.graph(tx, meta)
    // New relation columns reach tables the current ones do not: load those too.
    for (const d of desired) {
      const ft = this.k.plugins.registries.fieldTypes.get(d.type)
      const parsed = ft?.links ? ft.config.safeParse(d.config ?? {}) : undefined
      const target = ft?.links && parsed?.success ? ft.links(parsed.data).targetTableId : undefined
      if (!target || graph.has(target)) continue
      const other = await findTable(tx, meta.companyId, target)
      if (other) for (const [id, m] of await this.k.tables.graph(tx, other)) if (!graph.has(id)) graph.set(id, m)
    }
    return this.#graphEnv(graph)
  }

  readonly #graphEnv = (g: ReadonlyMap<string, TableMeta>): Omit<ScopeEnv, 'userId'> => this.k.tables.envOf(g)

  /**
   * Stored values of the tables related to `meta` follow the schema change in its transaction;
   * `refill` picks fields to refill even though their definition did not change. Answers the
   * physical tables rewritten and the table as it is now.
   */
  async #syncStored(tx: Executor, meta: TableMeta, refill?: (f: StoredField) => boolean): Promise<{ rewritten: Set<string>; meta: TableMeta }> {
    const graph = await this.k.tables.graph(tx, meta)
    const rewritten = await syncStored(tx, meta.companyId, graph, this.#graphEnv, refill)
    // syncStored reads again the tables whose stored columns it changed.
    return { rewritten, meta: graph.get(meta.id) ?? meta }
  }

  /** `POST /api/tables/:id/recompute`: refills every stored value of the table (after writes made around DocPal). */
  async recompute(actor: Actor, tableId: string): Promise<void> {
    const { rewritten } = await this.k.db.transaction(async (tx) => {
      const table = await loadTable(tx, actor.companyId, tableId)
      await lockTableSchema(tx, tableId, table.name)
      await lockTableWrites(tx, [tableId], table.name)
      return this.#syncStored(tx, await loadTable(tx, actor.companyId, tableId), (f) => f.table.id === tableId)
    })
    await vacuumTables(this.k, rewritten)
  }

  /**
   * `PUT /api/tables/:id`: the desired column list, planned as a diff and applied in one
   * transaction with the metadata, under the table's schema lock. `body` may be built from the
   * table as read under the lock (the column shortcuts).
   */
  update(actor: Actor, tableId: string, body: unknown, opts: { dryRun?: boolean; force?: boolean; cascade?: boolean } = {}) {
    return withCurrentPlugins(this.k, () => this.#update(actor, tableId, body, opts))
  }

  async #update(actor: Actor, tableId: string, body: unknown, opts: { dryRun?: boolean; force?: boolean; cascade?: boolean }) {
    type Result = { table: ReturnType<typeof publicTable>; steps: PlanStep[]; conversions: Conversion[]; applied: boolean }
    const fieldTypes = this.k.plugins.registries.fieldTypes
    let refilled = new Set<string>()
    let rewrote: { table: string; columns: string[] } | undefined
    let searchable: { table: string; columns: string[] } = { table: '', columns: [] }
    const result = await schemaTransaction(this.k.db, async (tx): Promise<Result> => {
      // The lock, then the reads: sent together (one round trip), the reads run once the lock is held.
      const [locked, before, facts] = await Promise.all([
        tryLockTableSchema(tx, tableId),
        loadTable(tx, actor.companyId, tableId),
        ddlFacts(tx, tableId),
        this.k.plugins.assertCurrent(tx),
      ])
      if (!locked) throw codes.KRN_ERR_DDL_CONCURRENT_CHANGE(before.name)
      const input = parseOrThrow(TableUpdate, typeof body === 'function' ? (body as (t: TableMeta) => unknown)(before) : body)
      if (input.name && input.name !== before.name) await assertNameFree(tx, before.appId, input.name, tableId)
      const desired = input.columns ?? before.columns.map((c) => ({ id: c.id, name: c.name, type: c.type, config: c.config as Record<string, unknown>, required: c.required }))
      const plan = planSchema(fieldTypes, before, desired, await this.#env(tx, before, desired), { cascade: opts.cascade === true })
      if (opts.dryRun) return { table: publicTable(before, {}, this.#available), steps: plan.steps, conversions: await measureConversions(tx, before, plan), applied: false }
      // Record writes in flight on the table (or on a new relation's target, whose version the
      // change bumps too) finish first, and later ones wait: the change's backfills see them all.
      // All keys in one sorted statement, taken once the plan names them: a change of a related
      // table takes the same keys in the same order (taking the table's own key earlier made two
      // changes of two related tables deadlock: tried, and refused by PostgreSQL every time). Sent
      // with the change's first statements: they run behind it.
      const targets = plan.target.flatMap((t) => (t.spec.fieldType.links ? [t.spec.fieldType.links(t.spec.config).targetTableId] : []))
      return behindTableWrites(tx, [...new Set([tableId, ...targets])], before.name, async () => {
        const renamed = liveRenames(plan.steps, before)
        if (renamed.length) await this.onColumnsRenamed?.(tx, actor, tableId, renamed)
        const { conversions, convertedInPlace } = await convertValues(tx, before, plan, opts.force === true)
        const inPlace = before.columns.flatMap((c) => (convertedInPlace.has(c.id) && c.columnName ? [c.columnName] : []))
        if (inPlace.length) rewrote = { table: before.tableName, columns: inPlace }
        const pipe = new Pipeline(tx)
        searchable = { table: before.tableName, columns: await applyPlan(tx, fieldTypes, before, plan, conversions, { maxColumns: MAX_COLUMNS, convertedInPlace, facts, pipe }) }
        const [, changed] = await Promise.all([pipe.flush(), loadTable(tx, actor.companyId, tableId)])
        const rewritten = new Set(plan.target.flatMap((t) => (t.convert && t.current?.columnName && !t.current.linkSide ? [t.current.columnName] : [])))
        // Readers of columns rewritten in place refill: their definitions read the same column.
        const synced = await this.#syncStored(tx, changed, (f) => f.targetTableId === tableId && [...f.targetColumns].some((c) => rewritten.has(c)))
        refilled = synced.rewritten
        const patch: TablePatch = {}
        if (input.name) patch.name = input.name
        if (input.description !== undefined) patch.description = input.description
        for (const k of ['form', 'userCardView', 'detailView'] as const) if (input[k] !== undefined) patch[k] = input[k]
        // The row's refresh, the audit entry and COMMIT share one round trip.
        const entry = tableAuditEntry(before, patch, plan.steps)
        const [after] = await tx.finishing(Promise.all([refreshTableRow(tx, fieldTypes, synced.meta, patch), entry ? this.k.audit.write(tx, actor, entry) : undefined]))
        return { table: publicTable(after, {}, this.#available), steps: plan.steps, conversions, applied: true }
      })
    })
    if (result.applied) {
      // After the commit, off the answer's path (issue 14); each logs its own failures.
      void vacuumTables(this.k, refilled)
      if (rewrote) void analyzeColumns(this.k, rewrote.table, rewrote.columns)
      void buildSearchIndexes(this.k.db, this.k.logger, searchable.table, searchable.columns, 'schema change')
      this.k.tables.invalidate(tableId)
      const steps = result.steps.map((s) => ({ kind: s.kind, columnId: s.columnId }))
      this.k.events.emit('table.schemaChanged', { tableId, companyId: actor.companyId, steps })
      // Not awaited: parallel() never rejects; the registry logs a failing tap with plugin, hook and table.
      void this.k.hooks.parallel('table.afterPlan', { tableId, steps })
    }
    return result
  }

  async addColumn(actor: Actor, tableId: string, body: unknown, opts: { dryRun?: boolean; force?: boolean; cascade?: boolean }) {
    const column = parseOrThrow(ColumnInput.omit({ id: true }), body)
    const res = await this.update(actor, tableId, (t: TableMeta) => ({ columns: [...current(t), column] }), opts)
    return { ...res, column: res.table.columns.find((c) => c.name === column.name) }
  }

  async patchColumn(actor: Actor, tableId: string, columnId: string, body: unknown, opts: { dryRun?: boolean; force?: boolean; cascade?: boolean }) {
    const patch = parseOrThrow(ColumnPatch, body)
    return this.update(
      actor,
      tableId,
      (t: TableMeta) => {
        const cols = current(t)
        const i = cols.findIndex((c) => c.id === columnId)
        const col = cols[i]
        if (!col) throw codes.KRN_ERR_NOT_FOUND('Column', columnId)
        const { order, ...rest } = patch
        const changed = { ...col, ...rest, ...(rest.type && rest.type !== col.type && !rest.config ? { config: undefined } : {}) }
        cols.splice(i, 1)
        cols.splice(Math.min(order ?? i, cols.length), 0, changed)
        return { columns: cols }
      },
      opts,
    )
  }

  async deleteColumn(actor: Actor, tableId: string, columnId: string, opts: { cascade?: boolean } = {}) {
    return this.update(
      actor,
      tableId,
      (t: TableMeta) => {
        if (!t.columns.some((c) => c.id === columnId)) throw codes.KRN_ERR_NOT_FOUND('Column', columnId)
        return { columns: current(t).filter((c) => c.id !== columnId) }
      },
      opts,
    )
  }

  async restoreColumn(actor: Actor, tableId: string, columnId: string) {
    return this.update(actor, tableId, (t: TableMeta) => {
      const a = t.archived.find((c) => c.id === columnId)
      if (!a) throw codes.KRN_ERR_NOT_FOUND('Archived column', columnId)
      let name = a.name
      for (let n = 2; t.columns.some((c) => c.name.toLowerCase() === name.toLowerCase()); n++) name = `${a.name} (${n})`
      return { columns: [...current(t), { id: a.id, name, type: a.type, config: a.config as Record<string, unknown>, required: a.required }] }
    })
  }

  async delete(actor: Actor, tableId: string): Promise<void> {
    await schemaTransaction(this.k.db, async (tx) => {
      const t = await loadTable(tx, actor.companyId, tableId)
      await lockTableSchema(tx, tableId, t.name)
      await this.k.audit.write(tx, actor, { action: 'table.delete', resourceType: 'table', resourceId: tableId, resourceName: t.name, tableId, metadata: { appId: t.appId } })
      await tx.orm.delete(folderItems).where(and(eq(folderItems.itemType, 'table'), eq(folderItems.itemId, tableId)))
      // The table's views go with it (foreign key cascade); so must their folder items.
      await tx.orm
        .delete(folderItems)
        .where(and(eq(folderItems.itemType, 'view'), inArray(folderItems.itemId, tx.orm.select({ id: views.id }).from(views).where(eq(views.dataTableId, tableId)))))
      await dropLinksOf(tx, [tableId])
      await tx.orm.delete(dataTables).where(eq(dataTables.id, tableId))
      await tx.query(dropTableSql(t.tableName))
    })
    this.k.tables.invalidate(tableId)
    this.k.events.emit('table.deleted', { tableId, companyId: actor.companyId })
  }
}

function current(t: TableMeta): Array<z.input<typeof ColumnInput>> {
  return t.columns.map((c) => ({ id: c.id, name: c.name, type: c.type, config: c.config as Record<string, unknown>, required: c.required }))
}
