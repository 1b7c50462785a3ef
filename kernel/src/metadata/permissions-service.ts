import { sql } from 'drizzle-orm'
import { arrayLiteral } from '@docpal/plugin-sdk'
import type { Actor, KernelContext } from '../context.ts'
import { codes } from '../errors/codes.ts'
import { filterToJson } from '../query/ast-json.ts'
import { filterFields } from '../query/filter-fields.ts'
import type { Executor } from '../db/executor.ts'
import { parseFilter } from '../query/parse.ts'
import { rowRule } from '../query/compile.ts'
import type { Action, PermissionRule, ResourceType } from '../permissions/permission-model.ts'
import { replaceRules, type RuleToSave } from '../permissions/rules-store.ts'
import type { RolesService } from '../accounts/roles-service.ts'
import { granteeOf, tableFor } from '../records/write-support.ts'
import type { TableRuntime } from '../schema/table-runtime.ts'
import { loadTable } from '../schema/table-repo.ts'
import { isUuid, parseOrThrow } from '../validation.ts'
import type { AuditViewer } from '../audit/audit-visibility.ts'
import { accessSummary } from './access-summary.ts'
import { auditViewerOf } from './audit-viewer.ts'
import { indexFields, indexRuleColumns } from './field-indexes.ts'
import { AppRulesInput, TableRulesInput, ViewRulesInput } from './permission-inputs.ts'
import { ruleOut, type RuleOut } from './permission-view.ts'
import type { AppsService } from './apps-service.ts'
import type { ViewsService } from './views-service.ts'
import { schemaTransaction } from '../ddl/index-builds.ts'

type Input = { role?: string | undefined; userId?: string | undefined; actions: ReadonlyArray<Action> }

/**
 * `GET|PUT /api/{tables,apps,views}/:id/permissions` and the "what may I do here" answers. Rules
 * are checked against the company (roles, members) and, for tables, against the table (filters
 * parsed with the query grammar, columns by name or id); they are stored with column ids, so a
 * rename keeps them, and answered with names. A change is audited and applies to the next request.
 */
export class PermissionsService {
  constructor(
    private readonly k: KernelContext,
    private readonly roles: RolesService,
    private readonly views: ViewsService,
    private readonly apps: AppsService,
  ) {}

  #mustManage(actions: ReadonlySet<Action>, what: string): void {
    if (!actions.has('manage')) throw codes.KRN_ERR_PERMISSION_DENIED('manage the permissions of', what)
  }

  async #grantees(actor: Actor, rules: ReadonlyArray<Input>): Promise<void> {
    // The people rules name, all in one query (a rule set may name many).
    const ids = [...new Set(rules.flatMap((r) => (r.userId !== undefined ? [r.userId.toLowerCase()] : [])))]
    const members = ids.length
      ? new Set(
          (
            await this.k.db.query<{ id: string }>(
              sql`select user_id::text as id from company_members where company_id = ${actor.companyId} and user_id = any(${arrayLiteral(ids)}::uuid[])`,
            )
          ).map((m) => m.id),
        )
      : new Set<string>()
    for (const [i, r] of rules.entries()) {
      if (r.role !== undefined) await this.roles.assertExists(this.k.db, actor.companyId, r.role, ['rules', i, 'role'])
      if (r.userId !== undefined && !members.has(r.userId.toLowerCase()))
        throw codes.KRN_ERR_VALIDATION(`User '${r.userId}' is not a member of this company.`, { path: ['rules', i, 'userId'] })
    }
  }

  async #save(
    actor: Actor,
    type: ResourceType,
    id: string,
    name: string,
    tableId: string | null,
    rules: ReadonlyArray<RuleToSave>,
    also?: (tx: Executor) => Promise<void>,
  ): Promise<void> {
    const before = await this.k.permissions.of(actor.companyId, type, id)
    // A table's rules index their columns (`also`): a schema transaction.
    await schemaTransaction(this.k.db, async (tx) => {
      await also?.(tx)
      await replaceRules(tx, actor.companyId, type, id, rules)
      // Restricted runtimes of any table of the company may depend on these rules (lookups): new
      // versions make a process that has not heard of the change yet refuse its old rules in the
      // next read or write (the read and write guards) and read them again (issue 19).
      await tx.query(sql`update data_tables set version = version + 1 where company_id = ${actor.companyId}`)
      const metadata = { changes: { rules: { old: before.length, new: rules.length } }, rules }
      await this.k.audit.write(tx, actor, { action: 'permission.update', resourceType: type, resourceId: id, resourceName: name, tableId, metadata })
    })
    this.k.permissions.invalidate(actor.companyId)
    this.k.tables.clear()
  }

  // Tables

  async #table(actor: Actor, tableId: string): Promise<TableRuntime> {
    const rt = await this.k.tables.get(actor.companyId, tableId)
    const access = await this.k.permissions.tableAccess(granteeOf(actor), rt.meta)
    this.#mustManage(access.actions, `table '${rt.meta.name}'`)
    return rt
  }

  async getTable(actor: Actor, tableId: string): Promise<{ rules: RuleOut[] }> {
    const rt = await this.#table(actor, tableId)
    return { rules: (await this.k.permissions.of(actor.companyId, 'table', tableId)).map((r) => ruleOut(r, rt)) }
  }

  async putTable(actor: Actor, tableId: string, body: unknown): Promise<{ rules: RuleOut[] }> {
    const rt = await this.#table(actor, tableId)
    const input = parseOrThrow(TableRulesInput, body)
    await this.#grantees(actor, input.rules)
    const columns = (list: ReadonlyArray<string> | undefined, path: Array<string | number>) => [
      ...new Set(
        (list ?? []).map((ref, j) => {
          const c = rt.byName.get(ref) ?? rt.byId.get(ref)
          if (!c) throw codes.KRN_ERR_QUERY_UNKNOWN_FIELD(ref, { path: [...path, j] })
          return c.meta.id
        }),
      ),
    ]
    // Every page the rules' roles read filters by these columns: index them as a view's would be.
    const filtered = new Set<string>()
    // And each read filter's columns together: a member's counted page then counts from that one
    // index (an index-only scan) instead of testing every row of the table.
    const readSets: Array<Set<string>> = []
    const rules = input.rules.map((r, i): RuleToSave => {
      const at = ['rules', i]
      const filter = (v: unknown, key: string) => {
        const node = parseFilter(rt, v, [...at, key])
        filterFields(node, filtered)
        if (key === 'readFilter') readSets.push(filterFields(node))
        return filterToJson(node)
      }
      return {
        role: r.role ?? null,
        userId: r.userId ?? null,
        actions: [...new Set(r.actions)],
        readFilter: filter(r.readFilter, 'readFilter'),
        editFilter: filter(r.editFilter, 'editFilter'),
        deleteFilter: filter(r.deleteFilter, 'deleteFilter'),
        hiddenFields: columns(r.hiddenFields, [...at, 'hiddenFields']),
        readOnlyFields: columns(r.readOnlyFields, [...at, 'readOnlyFields']),
      }
    })
    await this.#save(actor, 'table', tableId, rt.meta.name, tableId, rules, async (tx) => {
      await indexFields(tx, rt, filtered)
      for (const set of readSets) await indexRuleColumns(tx, rt, set)
    })
    return this.getTable(actor, tableId)
  }

  /** `GET /api/tables/:id/access`: the caller's actions, hidden and read-only columns, and which row rules limit them. */
  async tableAccess(actor: Actor, tableId: string) {
    return accessSummary(this.k, granteeOf(actor), await this.k.tables.get(actor.companyId, tableId))
  }

  /** `GET /api/tables/:id/records/:recordId/access`: what the caller may do with this record (404 when they cannot read it). */
  async recordAccess(actor: Actor, tableId: string, recordId: string): Promise<{ actions: Action[] }> {
    if (!isUuid(recordId)) throw codes.KRN_ERR_NOT_FOUND('Record', recordId)
    const rt = await tableFor(this.k, actor, tableId, 'view')
    const access = await this.k.permissions.tableAccess(granteeOf(actor), rt.meta)
    const [row] = await this.k.db.query<{ r: boolean; e: boolean; d: boolean }>(
      sql`select ${rowRule(rt, 'read', actor.userId)} as r, ${rowRule(rt, 'edit', actor.userId)} as e, ${rowRule(rt, 'delete', actor.userId)} as d from ${rt.physical} t${rt.storedJoin} where t.id = ${recordId}`,
    )
    if (!row?.r) throw codes.KRN_ERR_NOT_FOUND('Record', recordId)
    const actions: Action[] = ['view']
    if (row.e && access.actions.has('edit')) actions.push('edit')
    if (row.d && access.actions.has('delete')) actions.push('delete')
    return { actions }
  }

  /** Who reads the audit log and what their rules let them read of it (audit-viewer.ts). */
  auditViewer(actor: Actor, manages: boolean): Promise<AuditViewer> {
    return auditViewerOf(this.k, actor, manages)
  }

  // Apps

  async #app(actor: Actor, appId: string, manage: boolean): Promise<{ name: string; actions: ReadonlySet<Action> }> {
    const app = await this.apps.get({ ...actor, role: undefined }, appId)
    const actions = await this.k.permissions.appActions(granteeOf(actor), actor.companyId, appId)
    if (manage) this.#mustManage(actions, `app '${app.name}'`)
    return { name: app.name, actions }
  }

  async getApp(actor: Actor, appId: string) {
    await this.#app(actor, appId, true)
    return { rules: (await this.k.permissions.of(actor.companyId, 'app', appId)).map(grantOut) }
  }

  async putApp(actor: Actor, appId: string, body: unknown) {
    const app = await this.#app(actor, appId, true)
    const input = parseOrThrow(AppRulesInput, body)
    await this.#grantees(actor, input.rules)
    await this.#save(actor, 'app', appId, app.name, null, input.rules.map(grantToSave))
    return this.getApp(actor, appId)
  }

  async appAccess(actor: Actor, appId: string) {
    return { actions: [...(await this.#app(actor, appId, false)).actions] }
  }

  // Views

  async #view(actor: Actor, viewId: string, manage: boolean): Promise<{ name: string; tableId: string; actions: ReadonlySet<Action> }> {
    const row = await this.views.get({ ...actor, role: undefined }, viewId)
    const table = await loadTable(this.k.db, actor.companyId, row.dataTableId)
    const actions = await this.k.permissions.viewActions(granteeOf(actor), { id: row.id, companyId: actor.companyId }, table)
    if (manage) this.#mustManage(actions, `view '${row.name}'`)
    return { name: row.name, tableId: row.dataTableId, actions }
  }

  async getView(actor: Actor, viewId: string) {
    await this.#view(actor, viewId, true)
    return { rules: (await this.k.permissions.of(actor.companyId, 'view', viewId)).map(grantOut) }
  }

  async putView(actor: Actor, viewId: string, body: unknown) {
    const view = await this.#view(actor, viewId, true)
    const input = parseOrThrow(ViewRulesInput, body)
    await this.#grantees(actor, input.rules)
    await this.#save(actor, 'view', viewId, view.name, view.tableId, input.rules.map(grantToSave))
    return this.getView(actor, viewId)
  }

  async viewAccess(actor: Actor, viewId: string) {
    return { actions: [...(await this.#view(actor, viewId, false)).actions] }
  }
}

function grantOut(r: PermissionRule) {
  return { id: r.id, ...(r.role !== null ? { role: r.role } : { userId: r.userId ?? '' }), actions: [...r.actions] }
}

function grantToSave(r: Input): RuleToSave {
  return {
    role: r.role ?? null,
    userId: r.userId ?? null,
    actions: [...new Set(r.actions)],
    readFilter: undefined,
    editFilter: undefined,
    deleteFilter: undefined,
    hiddenFields: [],
    readOnlyFields: [],
  }
}
