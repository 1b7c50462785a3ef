import { arrayLiteral, sql } from '@docpal/plugin-sdk'
import type { Actor, KernelContext } from '../context.ts'
import { granteeOf } from '../records/write-support.ts'
import { isUuid } from '../validation.ts'
import type { WorkflowDefinition } from './definition.ts'

/**
 * The enabled manual workflows whose button shows on a table's records and views (their trigger's
 * `buttonOn`), that the caller may start (they may open the workflow's app): the web app's "Run"
 * menu, with each one's inputs for its form.
 */
export async function manualButtons(k: KernelContext, actor: Actor, tableId: string) {
  if (!isUuid(tableId)) return []
  const types = k.plugins.registries.triggers
    .entries()
    .filter(({ item }) => item.manual === true && item.buttonOn !== undefined)
    .map(({ type }) => type)
  if (!types.length) return []
  const rows = await k.db.query<{ id: string; name: string; description: string; app_id: string; definition: WorkflowDefinition }>(
    sql`select w.id, w.name, w.description, w.app_id, v.definition from workflows w join workflow_versions v on v.workflow_id = w.id and v.version = w.version
        where w.company_id = ${actor.companyId} and w.enabled and v.definition->'trigger'->>'type' = any(${arrayLiteral(types)}::text[]) order by w.name, w.id limit 200`,
  )
  const mayOpen = new Map<string, boolean>()
  const out = []
  for (const r of rows) {
    const trigger = k.plugins.registries.triggers.get(r.definition.trigger.type)
    if (trigger?.buttonOn?.(r.definition.trigger.config)?.tableId !== tableId) continue
    if (!mayOpen.has(r.app_id)) mayOpen.set(r.app_id, (await k.permissions.appActions(granteeOf(actor), actor.companyId, r.app_id)).has('view'))
    if (!mayOpen.get(r.app_id)) continue
    out.push({ id: r.id, name: r.name, description: r.description, inputs: trigger.inputs?.(r.definition.trigger.config) ?? [] })
  }
  return out
}
