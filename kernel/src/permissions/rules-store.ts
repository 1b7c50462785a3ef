import { sql } from 'drizzle-orm'
import type { FilterNode } from '@docpal/plugin-sdk'
import type { Executor } from '../db/executor.ts'
import { ACTIONS, type Action, type PermissionRule, type ResourceType } from './permission-model.ts'

interface RuleRow {
  id: string
  resource_type: ResourceType
  resource_id: string
  role: string | null
  user_id: string | null
  actions: string[] | string
  read_filter: unknown
  edit_filter: unknown
  delete_filter: unknown
  hidden_fields: string[] | string
  read_only_fields: string[] | string
}

/** PostgreSQL arrays arrive as arrays from postgres.js and as `{a,b}` text from some paths. */
function textArray(v: string[] | string): string[] {
  if (Array.isArray(v)) return v
  const inner = v.replace(/^\{|\}$/g, '')
  return inner === '' ? [] : inner.split(',').map((s) => s.replace(/^"|"$/g, ''))
}

function json(v: unknown): unknown {
  return typeof v === 'string' ? (JSON.parse(v) as unknown) : v
}

/**
 * A stored filter back to its AST. It was validated when saved; columns are ids. Conditions are
 * rebuilt as they were written; binding (and so checking that each column still exists) happens
 * when a runtime is restricted.
 */
function filterOf(v: unknown): FilterNode | undefined {
  const j = json(v)
  if (j === null || j === undefined) return undefined
  const walk = (n: Record<string, unknown>): FilterNode => {
    for (const kind of ['and', 'or'] as const) {
      const children = n[kind]
      if (Array.isArray(children)) return Object.freeze({ kind, children: Object.freeze(children.map((c) => walk(c as Record<string, unknown>))) })
    }
    const cond = { kind: 'condition' as const, field: String(n['field']), op: String(n['op']) }
    return Object.freeze('value' in n ? { ...cond, value: n['value'] } : cond)
  }
  return walk(j as Record<string, unknown>)
}

const isAction = (a: string): a is Action => (ACTIONS as ReadonlyArray<string>).includes(a)

/** Every rule of a company, grouped by resource (`<type>:<id>`), in their saved order. */
export async function loadRules(ex: Executor, companyId: string): Promise<Map<string, PermissionRule[]>> {
  const rows = await ex.query<RuleRow>(
    sql`select id, resource_type, resource_id, role, user_id, actions, read_filter, edit_filter, delete_filter, hidden_fields, read_only_fields
          from permissions where company_id = ${companyId} order by resource_type, resource_id, position`,
  )
  const out = new Map<string, PermissionRule[]>()
  for (const r of rows) {
    const key = `${r.resource_type}:${r.resource_id}`
    let list = out.get(key)
    if (!list) out.set(key, (list = []))
    list.push(
      Object.freeze({
        id: r.id,
        resourceType: r.resource_type,
        resourceId: r.resource_id,
        role: r.role,
        userId: r.user_id,
        actions: Object.freeze(textArray(r.actions).filter(isAction)),
        readFilter: filterOf(r.read_filter),
        editFilter: filterOf(r.edit_filter),
        deleteFilter: filterOf(r.delete_filter),
        hiddenFields: Object.freeze(textArray(r.hidden_fields)),
        readOnlyFields: Object.freeze(textArray(r.read_only_fields)),
      }),
    )
  }
  return out
}

/** A rule to save (filters as their stored JSON, columns as ids). */
export interface RuleToSave {
  readonly role: string | null
  readonly userId: string | null
  readonly actions: ReadonlyArray<Action>
  readonly readFilter: unknown
  readonly editFilter: unknown
  readonly deleteFilter: unknown
  readonly hiddenFields: ReadonlyArray<string>
  readonly readOnlyFields: ReadonlyArray<string>
}

const jsonOrNull = (v: unknown) => (v === undefined ? null : JSON.stringify(v))
const arrayText = (a: ReadonlyArray<string>) => `{${a.map((s) => `"${s.replace(/["\\]/g, '\\$&')}"`).join(',')}}`

/** Replaces a resource's rules in `tx`; tells other server processes at commit (`pg_notify`). */
export async function replaceRules(tx: Executor, companyId: string, type: ResourceType, resourceId: string, rules: ReadonlyArray<RuleToSave>): Promise<void> {
  await tx.query(sql`delete from permissions where company_id = ${companyId} and resource_type = ${type} and resource_id = ${resourceId}`)
  if (rules.length) {
    const rows = rules.map(
      (r, i) =>
        sql`(${companyId}, ${type}, ${resourceId}, ${r.role}, ${r.userId}, ${arrayText(r.actions)}::text[], ${jsonOrNull(r.readFilter)}::jsonb, ${jsonOrNull(r.editFilter)}::jsonb, ${jsonOrNull(r.deleteFilter)}::jsonb, ${arrayText(r.hiddenFields)}::text[], ${arrayText(r.readOnlyFields)}::text[], ${i})`,
    )
    await tx.query(
      sql`insert into permissions (company_id, resource_type, resource_id, role, user_id, actions, read_filter, edit_filter, delete_filter, hidden_fields, read_only_fields, position) values ${sql.join(rows, sql`, `)}`,
    )
  }
  await tx.query(sql`select pg_notify(${PERMISSIONS_CHANNEL}, ${companyId})`)
}

/** The channel on which a process announces that a company's rules changed (payload: its id). */
export const PERMISSIONS_CHANNEL = 'docpal_permissions'
