import { sql } from '@docpal/plugin-sdk'
import type { Actor, KernelContext } from '../context.ts'
import type { Executor } from '../db/executor.ts'
import { codes } from '../errors/codes.ts'
import { present } from '../errors/present.ts'
import { granteeOf } from '../records/write-support.ts'
import { isUuid, parseOrThrow } from '../validation.ts'
import { checkDefinition, triggerOf, WorkflowBody, type WorkflowDefinition } from './definition.ts'
import { assigneeWarnings } from './assignee-warnings.ts'
import { isNotFound } from './not-found.ts'
import type { OutboxTriggers } from './outbox-triggers.ts'

export interface WorkflowRow {
  readonly id: string
  readonly company_id: string
  readonly app_id: string
  readonly name: string
  readonly description: string
  readonly enabled: boolean
  readonly version: number
  readonly watched_table_id: string | null
  readonly run_as: string
  readonly created_by: string
  readonly created_at: Date
  readonly updated_at: Date
  readonly definition: WorkflowDefinition
}

const SELECT = sql`select w.*, v.definition from workflows w join workflow_versions v on v.workflow_id = w.id and v.version = w.version`

/** The API's view of a workflow: its current version's trigger and steps beside its state. */
export function workflowJson(w: WorkflowRow) {
  return {
    id: w.id,
    appId: w.app_id,
    name: w.name,
    description: w.description,
    enabled: w.enabled,
    version: w.version,
    trigger: w.definition.trigger,
    steps: w.definition.steps,
    runAs: w.run_as,
    createdBy: w.created_by,
    createdAt: w.created_at,
    updatedAt: w.updated_at,
  }
}

/**
 * Workflow definitions (issue 18): each save is a new version (runs keep the one they started
 * with); enabling a record trigger attaches the outbox triggers to its table. Owners, admins and
 * whoever may manage the app manage its workflows; whoever may open the app sees them.
 */
export class WorkflowsService {
  constructor(
    private readonly k: KernelContext,
    private readonly outbox: OutboxTriggers,
    private readonly changed: () => Promise<void>,
  ) {}

  async #mayManage(actor: Actor, appId: string, ex: Executor = this.k.db): Promise<void> {
    const app = await ex.one<{ id: string }>(sql`select id from apps where id = ${appId} and company_id = ${actor.companyId}`)
    if (!app) throw codes.KRN_ERR_NOT_FOUND('App', appId)
    if (!(await this.k.permissions.appActions(granteeOf(actor), actor.companyId, appId)).has('manage')) throw codes.KRN_ERR_PERMISSION_DENIED('manage workflows of', 'this app')
  }

  async row(actor: Pick<Actor, 'companyId'>, id: string, ex: Executor = this.k.db): Promise<WorkflowRow> {
    if (!isUuid(id)) throw codes.KRN_ERR_NOT_FOUND('Workflow', id)
    const row = await ex.one<WorkflowRow>(sql`${SELECT} where w.id = ${id} and w.company_id = ${actor.companyId}`)
    if (!row) throw codes.KRN_ERR_NOT_FOUND('Workflow', id)
    return row
  }

  /** The table the definition's trigger watches, checked to be the company's own. */
  async #watched(actor: Actor, def: WorkflowDefinition, ex: Executor): Promise<string | null> {
    const trigger = triggerOf(this.k.plugins, def.trigger.type, ['trigger', 'type'])
    const tableId = trigger.watches?.(def.trigger.config)?.tableId
    if (tableId === undefined) return null
    await this.k.tables.get(actor.companyId, tableId, ex).catch((err: unknown) => {
      if (!isNotFound(err)) throw err
      throw codes.KRN_ERR_VALIDATION(`Table '${tableId}' does not exist in this company.`, { path: ['trigger', 'config', 'tableId'] })
    })
    return tableId
  }

  #nextFire(def: WorkflowDefinition): Date | null {
    const trigger = triggerOf(this.k.plugins, def.trigger.type, ['trigger', 'type'])
    return trigger.nextAt?.(def.trigger.config, new Date()) ?? null
  }

  async list(actor: Actor, appId: string) {
    if (!isUuid(appId)) throw codes.KRN_ERR_NOT_FOUND('App', appId)
    if (!(await this.k.permissions.appActions(granteeOf(actor), actor.companyId, appId)).has('view')) throw codes.KRN_ERR_NOT_FOUND('App', appId)
    const rows = await this.k.db.query<WorkflowRow>(sql`${SELECT} where w.app_id = ${appId} and w.company_id = ${actor.companyId} order by w.created_at, w.id`)
    return rows.map(workflowJson)
  }

  async get(actor: Actor, id: string) {
    const row = await this.row(actor, id)
    const actions = await this.k.permissions.appActions(granteeOf(actor), actor.companyId, row.app_id)
    if (!actions.has('view')) throw codes.KRN_ERR_NOT_FOUND('Workflow', id)
    // Who may read a table is for those who manage the workflow to know, not for everyone who sees it.
    return actions.has('manage') ? this.#withWarnings(actor, row) : { ...workflowJson(row), warnings: [] }
  }

  /** One workflow as its managers get it: with what in its steps will not work as they likely mean. */
  async #withWarnings(actor: Actor, row: WorkflowRow) {
    return { ...workflowJson(row), warnings: await assigneeWarnings(this.k, actor.companyId, row.definition) }
  }

  async create(actor: Actor, appId: string, body: unknown) {
    if (!isUuid(appId)) throw codes.KRN_ERR_NOT_FOUND('App', appId)
    const input = parseOrThrow(WorkflowBody, body)
    const def = checkDefinition(this.k.plugins, input)
    const row = await this.k.db.transaction(async (tx) => {
      await this.#mayManage(actor, appId, tx)
      const watched = await this.#watched(actor, def, tx)
      const w = present(
        await tx.one<{ id: string }>(
          sql`insert into workflows (company_id, app_id, name, description, watched_table_id, run_as, created_by) values (${actor.companyId}, ${appId}, ${input.name}, ${input.description ?? ''}, ${watched}, ${actor.userId}, ${actor.userId}) returning id`,
        ),
        'the workflow row just written',
      )
      await tx.query(sql`insert into workflow_versions (workflow_id, version, definition, created_by) values (${w.id}, 1, ${JSON.stringify(def)}::jsonb, ${actor.userId})`)
      await this.k.audit.write(tx, actor, {
        action: 'workflow.create',
        resourceType: 'workflow',
        resourceId: w.id,
        resourceName: input.name,
        metadata: { appId, trigger: def.trigger.type },
      })
      return this.row(actor, w.id, tx)
    })
    return this.#withWarnings(actor, row)
  }

  /** A new version; runs under way keep theirs. */
  async update(actor: Actor, id: string, body: unknown) {
    const input = parseOrThrow(WorkflowBody, body)
    const def = checkDefinition(this.k.plugins, input)
    const row = await this.k.db.transaction(async (tx) => {
      const before = await this.row(actor, id, tx)
      await this.#mayManage(actor, before.app_id, tx)
      const watched = await this.#watched(actor, def, tx)
      const version = before.version + 1
      await tx.query(sql`insert into workflow_versions (workflow_id, version, definition, created_by) values (${id}, ${version}, ${JSON.stringify(def)}::jsonb, ${actor.userId})`)
      const fire = before.enabled ? this.#nextFire(def) : null
      await tx.query(
        sql`update workflows set name = ${input.name}, description = ${input.description ?? before.description}, version = ${version}, watched_table_id = ${watched}, next_fire_at = ${fire}, updated_at = now() where id = ${id}`,
      )
      if (watched) await this.outbox.sync(tx, actor.companyId, watched)
      if (before.watched_table_id && before.watched_table_id !== watched) await this.outbox.sync(tx, actor.companyId, before.watched_table_id)
      await this.k.audit.write(tx, actor, { action: 'workflow.update', resourceType: 'workflow', resourceId: id, resourceName: input.name, metadata: { version } })
      return this.row(actor, id, tx)
    })
    await this.changed()
    return this.#withWarnings(actor, row)
  }

  async setEnabled(actor: Actor, id: string, enabled: boolean) {
    const row = await this.k.db.transaction(async (tx) => {
      const before = await this.row(actor, id, tx)
      await this.#mayManage(actor, before.app_id, tx)
      // Plugins may have gone since the save: enabling checks the definition again.
      if (enabled) checkDefinition(this.k.plugins, { name: before.name, trigger: before.definition.trigger, steps: [...before.definition.steps] })
      const fire = enabled ? this.#nextFire(before.definition) : null
      await tx.query(sql`update workflows set enabled = ${enabled}, next_fire_at = ${fire}, updated_at = now() where id = ${id}`)
      if (before.watched_table_id) await this.outbox.sync(tx, actor.companyId, before.watched_table_id)
      await this.k.audit.write(tx, actor, { action: enabled ? 'workflow.enable' : 'workflow.disable', resourceType: 'workflow', resourceId: id, resourceName: before.name })
      return this.row(actor, id, tx)
    })
    await this.changed()
    return this.#withWarnings(actor, row)
  }

  async remove(actor: Actor, id: string): Promise<void> {
    const before = await this.row(actor, id)
    await this.#mayManage(actor, before.app_id)
    await this.k.db.transaction(async (tx) => {
      await tx.query(sql`delete from workflows where id = ${id}`)
      if (before.watched_table_id) await this.outbox.sync(tx, actor.companyId, before.watched_table_id)
      await this.k.audit.write(tx, actor, { action: 'workflow.delete', resourceType: 'workflow', resourceId: id, resourceName: before.name })
    })
    await this.changed()
  }
}
