import { and, asc, eq } from 'drizzle-orm'
import { z } from 'zod'
import type { AnyViewType, FilterNode, ViewQueryPart } from '@docpal/plugin-sdk'
import type { Actor, KernelContext } from '../context.ts'
import type { Executor } from '../db/executor.ts'
import { folderItems, views } from '../db/schema.ts'
import { codes } from '../errors/codes.ts'
import { filterToJson } from '../query/ast-json.ts'
import { filterFields } from '../query/filter-fields.ts'
import { parseFields, parseFilter, parseSort } from '../query/parse.ts'
import { isSystemField } from '../schema/system-fields.ts'
import type { RecordsService } from '../records/records-service.ts'
import type { ExportRows } from '../records/export-rows.ts'
import type { ListExtra } from '../records/list-page.ts'
import type { TableRuntime } from '../schema/table-runtime.ts'
import { isUuid, parseOrThrow } from '../validation.ts'
import { ViewInput, ViewPatch } from './inputs.ts'
import { requireApp } from './table-checks.ts'
import { indexFields } from './field-indexes.ts'
import { schemaTransaction } from '../ddl/index-builds.ts'
import { present } from '../errors/present.ts'
import { diffChanges } from '../audit/diff.ts'
import { rowEntry } from '../audit/audit-entry.ts'
import { granteeOf } from '../records/write-support.ts'

type ViewRow = typeof views.$inferSelect

/** Views: a view type's config plus a stored query (filters, sorts, grouping, fields by column id). */
export class ViewsService {
  constructor(
    private readonly k: KernelContext,
    private readonly records: RecordsService,
  ) {}

  #viewType(type: string): AnyViewType {
    const vt = this.k.plugins.registries.viewTypes.get(type)
    if (!vt) throw codes.KRN_ERR_VIEW_TYPE_UNKNOWN(type, this.k.plugins.registries.viewTypes.keys().sort().join(', '), { path: ['type'] })
    return vt
  }

  async #row(ex: Executor, actor: Actor, id: string): Promise<ViewRow> {
    if (!isUuid(id)) throw codes.KRN_ERR_NOT_FOUND('View', id)
    const [row] = await ex.orm
      .select()
      .from(views)
      .where(and(eq(views.id, id), eq(views.companyId, actor.companyId)))
    if (!row) throw codes.KRN_ERR_NOT_FOUND('View', id)
    return row
  }

  /** Refuses (403) a caller without `action` on the view (or, `row` undefined, on views of the table). */
  async #mayUse(actor: Actor, row: ViewRow | undefined, rt: TableRuntime, action: 'view' | 'manage'): Promise<void> {
    const actions = await this.k.permissions.viewActions(granteeOf(actor), row ? { id: row.id, companyId: actor.companyId } : undefined, rt.meta)
    if (!actions.has(action)) throw codes.KRN_ERR_PERMISSION_DENIED(action === 'view' ? 'open' : 'change', row ? `view '${row.name}'` : `views of table '${rt.meta.name}'`)
  }

  /** Validates type, config and query against the table; returns what is stored and what to index. */
  #normalise(rt: TableRuntime, type: string, configIn: unknown, q: { filter?: unknown; sort?: unknown; groupBy?: string | undefined; fields?: unknown }) {
    const vt = this.#viewType(type)
    const config = parseOrThrow(vt.config, configIn ?? {}, ['config'])
    const issues = vt.checkConfig?.(config, rt.info) ?? []
    const [first] = issues
    if (first) throw codes.KRN_ERR_VALIDATION(`config.${first.path.join('.')}: ${first.message}`, { path: ['config', ...first.path], details: { issues } })
    const at = ['queryConfig']
    const filter = parseFilter(rt, q.filter, [...at, 'filter'])
    const sort = parseSort(rt, q.sort, [...at, 'sort'])
    const groupBy = q.groupBy ? rt.field(q.groupBy, [...at, 'groupBy']).key : undefined
    const fields = parseFields(rt, q.fields, [...at, 'fields'])
    const part = vt.query(config, { table: rt.info, params: undefined })
    const indexed = new Set([...(part.indexFields ?? []), ...sort.map((s) => s.field), ...(groupBy ? [groupBy] : []), ...filterFields(filter)])
    const queryConfig = { filter: filterToJson(filter), sort, groupBy, fields }
    return { config, queryConfig, indexed }
  }

  async create(actor: Actor, appId: string, body: unknown) {
    const input = parseOrThrow(ViewInput, body)
    await requireApp(this.k.db, actor, appId)
    const rt = await this.k.tables.get(actor.companyId, input.dataTableId).catch(() => {
      throw codes.KRN_ERR_VALIDATION(`Table '${input.dataTableId}' does not exist in this company.`, { path: ['dataTableId'] })
    })
    if (rt.meta.appId !== appId) throw codes.KRN_ERR_VALIDATION('The table belongs to another app.', { path: ['dataTableId'] })
    await this.#mayUse(actor, undefined, rt, 'manage')
    const n = this.#normalise(rt, input.type, input.config, input.queryConfig)
    return schemaTransaction(this.k.db, async (tx) => {
      await indexFields(tx, rt, n.indexed)
      const [row] = await tx.orm
        .insert(views)
        .values({
          companyId: actor.companyId,
          appId,
          dataTableId: rt.meta.id,
          name: input.name,
          description: input.description ?? null,
          type: input.type,
          config: n.config,
          queryConfig: n.queryConfig,
          schema: input.schema ?? {},
        })
        .returning()
      const view = present(row, 'the view row just written')
      await this.k.audit.write(tx, actor, rowEntry('view.create', view, { tableId: rt.meta.id, metadata: { appId, type: view.type } }))
      return view
    })
  }

  /** The app's views the caller may open. */
  async list(actor: Actor, appId: string) {
    await requireApp(this.k.db, actor, appId)
    const rows = await this.k.db.orm.select().from(views).where(eq(views.appId, appId)).orderBy(asc(views.createdAt))
    const who = granteeOf(actor)
    if (!who) return rows
    const shown: ViewRow[] = []
    for (const row of rows) {
      const table = { id: row.dataTableId, appId: row.appId, companyId: actor.companyId }
      if ((await this.k.permissions.viewActions(who, { id: row.id, companyId: actor.companyId }, table)).has('view')) shown.push(row)
    }
    return shown
  }

  async get(actor: Actor, id: string) {
    const row = await this.#row(this.k.db, actor, id)
    await this.#mayUse(actor, row, await this.k.tables.get(actor.companyId, row.dataTableId), 'view')
    return row
  }

  async update(actor: Actor, id: string, body: unknown) {
    const input = parseOrThrow(ViewPatch, body)
    const row = await this.#row(this.k.db, actor, id)
    const rt = await this.k.tables.get(actor.companyId, row.dataTableId)
    await this.#mayUse(actor, row, rt, 'manage')
    const q = { ...(row.queryConfig as Record<string, unknown>), ...(input.queryConfig ?? {}) }
    const n = this.#normalise(rt, input.type ?? row.type, input.config ?? row.config, q)
    return schemaTransaction(this.k.db, async (tx) => {
      await indexFields(tx, rt, n.indexed)
      const [updated] = await tx.orm
        .update(views)
        .set({
          ...(input.name !== undefined ? { name: input.name } : {}),
          ...(input.description !== undefined ? { description: input.description } : {}),
          ...(input.schema !== undefined ? { schema: input.schema } : {}),
          type: input.type ?? row.type,
          config: n.config,
          queryConfig: n.queryConfig,
          updatedAt: new Date().toISOString(),
        })
        .where(eq(views.id, id))
        .returning()
      const after = present(updated, 'the view row just updated')
      const changes = diffChanges(row, after, ['name', 'description', 'type', 'config', 'queryConfig', 'schema'])
      await this.k.audit.write(tx, actor, rowEntry('view.update', { id, name: after.name }, { tableId: after.dataTableId, metadata: { changes } }))
      return after
    })
  }

  async delete(actor: Actor, id: string): Promise<void> {
    const row = await this.#row(this.k.db, actor, id)
    await this.#mayUse(actor, row, await this.k.tables.get(actor.companyId, row.dataTableId), 'manage')
    await this.k.db.transaction(async (tx) => {
      await tx.orm.delete(folderItems).where(and(eq(folderItems.itemType, 'view'), eq(folderItems.itemId, id)))
      const gone = await tx.orm.delete(views).where(eq(views.id, id)).returning({ id: views.id })
      if (!gone.length) throw codes.KRN_ERR_NOT_FOUND('View', id)
      await this.k.audit.write(tx, actor, rowEntry('view.delete', { id, name: row.name }, { tableId: row.dataTableId, metadata: { type: row.type } }))
    })
  }

  /**
   * A view's records (its filter, sort and visible fields AND the request's) as rows for an
   * export. The view is read and resolved once; the rows stream from one query.
   */
  async export(actor: Actor, id: string, raw: Record<string, unknown>): Promise<ExportRows & { name: string }> {
    const { row, rt, request, extra } = await this.#listRequest(actor, id, raw)
    // The columns a person sees in the view: its fields (or all), less those its config hides.
    if (raw['fields'] === undefined) {
      const shown = (request['fields'] as string[] | undefined) ?? rt.columns.map((c) => c.id)
      const hiddenList = (row.config as { hiddenFields?: unknown } | null)?.hiddenFields
      const hidden = new Set(Array.isArray(hiddenList) ? hiddenList : [])
      request['fields'] = shown.filter((f) => !hidden.has(f))
    }
    // The view type's own fields (a calendar's dates) are for its renderer, not the file.
    return { ...(await this.records.export(actor, rt.meta.id, request, { ...extra, fields: undefined })), name: row.name }
  }

  /** `GET /api/views/:id/data`: the view's query AND the request's, rendered like a record list. */
  async data(actor: Actor, id: string, raw: Record<string, unknown>): Promise<string> {
    const { rt, request, extra } = await this.#listRequest(actor, id, raw)
    return this.records.list(actor, rt.meta.id, request, extra)
  }

  /** `POST /api/views/:id/summary`: the summary row over every record of the view (its filter AND the request's). */
  async summary(actor: Actor, id: string, body: unknown) {
    const { rt, extra } = await this.#listRequest(actor, id, {})
    return this.records.summary(actor, rt.meta.id, body, extra)
  }

  /** The view, its table, and the list request and extras that its query adds to `raw`. */
  async #listRequest(actor: Actor, id: string, raw: Record<string, unknown>): Promise<{ row: ViewRow; rt: TableRuntime; request: Record<string, unknown>; extra: ListExtra }> {
    const row = await this.#row(this.k.db, actor, id)
    const rt = await this.k.permissions.restrict(granteeOf(actor), await this.k.tables.get(actor.companyId, row.dataTableId), 'view')
    await this.#mayUse(actor, row, rt, 'view')
    const vt = this.#viewType(row.type)
    const params = vt.params ? parseOrThrow(vt.params, raw) : undefined
    const config = parseOrThrow(vt.config, row.config, ['config'])
    const part: ViewQueryPart = vt.query(config, { table: rt.info, params })
    const saved = row.queryConfig as { filter?: unknown; sort?: unknown; groupBy?: string; fields?: unknown }
    // A removed column drops out of the view's sort, grouping and visible fields (as in Airtable),
    // so the view keeps working; a filter on it still answers 400, as dropping it would widen the view.
    // A column hidden from the caller drops out the same way, but the view's filter still applies.
    const q = withoutRemovedColumns(rt, saved)
    const stored = parseFilter(rt.restriction?.full ?? rt, q.filter, ['view', 'queryConfig', 'filter'])
    const filters = [stored, part.filter].filter((f): f is FilterNode => f !== undefined)
    const sort = parseSort(rt, q.sort, ['view', 'queryConfig', 'sort'])
    const fields = parseFields(rt, q.fields, ['view', 'queryConfig', 'fields'])
    const request = { ...raw }
    if (request['fields'] === undefined && fields) request['fields'] = fields
    return {
      row,
      rt,
      request,
      extra: {
        filter: filters.length ? { kind: 'and', children: filters } : undefined,
        sort: sort.length ? sort : part.sort,
        groupBy: q.groupBy ?? part.groupBy,
        fields: part.requiredFields,
      },
    }
  }
}

function withoutRemovedColumns(rt: TableRuntime, q: { filter?: unknown; sort?: unknown; groupBy?: string; fields?: unknown }) {
  const live = (ref: unknown) => typeof ref === 'string' && (rt.byId.has(ref) || rt.byName.has(ref) || isSystemField(ref))
  return {
    filter: q.filter,
    sort: Array.isArray(q.sort) ? q.sort.filter((s: { field?: unknown } | null) => live(s?.field)) : q.sort,
    groupBy: q.groupBy && live(q.groupBy) ? q.groupBy : undefined,
    fields: Array.isArray(q.fields) ? q.fields.filter(live) : q.fields,
  }
}

export const ViewDataQuery = z.record(z.string(), z.unknown())
