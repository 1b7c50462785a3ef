import { arrayLiteral, sql } from '@docpal/plugin-sdk'
import type { Actor, KernelContext } from '../context.ts'
import type { Executor } from '../db/executor.ts'
import type { ColumnRename } from '../metadata/column-renames.ts'
import type { WorkflowDefinition } from './definition.ts'
import { renameFieldsIn, type Renames } from './rename-fields.ts'

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

const renamed = (v: Record<string, unknown>, renames: Renames) => Object.fromEntries(Object.entries(v).map(([name, value]) => [renames.get(name) ?? name, value]))

/** A run's trigger variables (`record`, `before`, `changed`, and their `labels`) in the new names, or undefined when they are not of the table. */
function renameInTrigger(trigger: Record<string, unknown>, tableId: string, renames: Renames): Record<string, unknown> | undefined {
  if (trigger['tableId'] !== tableId) return undefined
  const out = { ...trigger }
  for (const k of ['record', 'before']) {
    const v = out[k]
    if (isObject(v)) out[k] = renamed(v, renames)
  }
  const labels = out['labels']
  if (isObject(labels)) out['labels'] = Object.fromEntries(Object.entries(labels).map(([k, v]) => [k, isObject(v) ? renamed(v, renames) : v]))
  const changed = out['changed']
  if (Array.isArray(changed)) out['changed'] = changed.map((n: unknown) => (typeof n === 'string' ? (renames.get(n) ?? n) : n))
  return out
}

/**
 * Runs of the version replaced that may still run (under way, or failed: a retry goes on) move to
 * its renamed copy (the same steps, only field names differ), their trigger variables renamed with
 * it; they resume under the new names. Answers how many moved.
 */
async function moveRuns(tx: Executor, workflowId: string, from: number, to: number, tableId: string, renames: Renames): Promise<number> {
  const runs = await tx.query<{ id: string; trigger: Record<string, unknown> }>(
    sql`update workflow_runs set version = ${to} where workflow_id = ${workflowId} and version = ${from} and status in ('queued', 'running', 'waiting', 'failed') returning id, trigger`,
  )
  const retold = runs.flatMap((r) => {
    const trigger = renameInTrigger(r.trigger, tableId, renames)
    return trigger ? [{ id: r.id, trigger }] : []
  })
  if (retold.length)
    await tx.query(sql`update workflow_runs r set trigger = x.trigger from jsonb_to_recordset(${JSON.stringify(retold)}::jsonb) as x(id uuid, trigger jsonb) where r.id = x.id`)
  return runs.length
}

/**
 * Follows columns renamed in table `tableId` into the company's workflows, inside the schema
 * change's transaction (a rename that fails changes no workflow): each workflow whose current
 * definition names a renamed field of that table gets a new version in the new names, like a
 * save, and an audit entry `workflow.fields_renamed`. Only the current version is rewritten (a
 * version never changes once saved: processes cache them); its runs that may still run move along.
 */
export async function followColumnRenames(k: KernelContext, tx: Executor, actor: Actor, tableId: string, renamed: ReadonlyArray<ColumnRename>): Promise<void> {
  if (!renamed.length) return
  const renames: Renames = new Map(renamed.map((r) => [r.from, r.to]))
  // A definition naming the table's fields holds its id (a config's table, or the trigger's): the
  // others are not read. Locked first, then read again, so a save committed meanwhile is seen.
  const locked = await tx.query<{ id: string }>(
    sql`select w.id from workflows w join workflow_versions v on v.workflow_id = w.id and v.version = w.version
        where w.company_id = ${actor.companyId} and strpos(v.definition::text, ${tableId}) > 0 order by w.id for update of w`,
  )
  if (!locked.length) return
  const rows = await tx.query<{ id: string; name: string; version: number; definition: WorkflowDefinition }>(
    sql`select w.id, w.name, w.version, v.definition from workflows w join workflow_versions v on v.workflow_id = w.id and v.version = w.version
        where w.id = any(${arrayLiteral(locked.map((l) => l.id))}::uuid[]) order by w.id`,
  )
  for (const w of rows) {
    const definition = renameFieldsIn(k.plugins, w.definition, tableId, renames)
    if (!definition) continue
    const version = w.version + 1
    await tx.query(
      sql`insert into workflow_versions (workflow_id, version, definition, created_by) values (${w.id}, ${version}, ${JSON.stringify(definition)}::jsonb, ${actor.userId})`,
    )
    await tx.query(sql`update workflows set version = ${version}, updated_at = now() where id = ${w.id}`)
    const runsMoved = await moveRuns(tx, w.id, w.version, version, tableId, renames)
    await k.audit.write(tx, actor, {
      action: 'workflow.fields_renamed',
      resourceType: 'workflow',
      resourceId: w.id,
      resourceName: w.name,
      tableId,
      metadata: { version, fromVersion: w.version, renamed: renamed.map((r) => ({ columnId: r.columnId, from: r.from, to: r.to })), runsMoved },
    })
  }
}
