import { arrayLiteral, sql } from '@docpal/plugin-sdk'
import { BUILT_IN_ROLES } from '../accounts/roles-service.ts'
import type { KernelContext } from '../context.ts'
import { recordAccess } from '../metadata/access-summary.ts'
import type { Grantee } from '../permissions/permission-model.ts'
import type { TableRuntime } from '../schema/table-runtime.ts'
import { isUuid } from '../validation.ts'
import { stepsOf, type WorkflowDefinition } from './definition.ts'
import { isNotFound } from './not-found.ts'

/** Something in a saved workflow that will not work as its author likely means; it saves all the same. */
export interface WorkflowWarning {
  /** Into the definition, as a save's 400 points: `['steps', 0, 'config', 'roles', 1]`. */
  readonly path: ReadonlyArray<string | number>
  readonly code: 'assignee_not_member' | 'assignee_role_empty' | 'assignee_cannot_read' | 'assignee_rows_limited' | 'assignee_fields_hidden'
  readonly message: string
  /** What the message names, for a client that words it in its own language. */
  readonly params: { readonly who: { readonly kind: 'user' | 'role'; readonly id: string; readonly name: string }; readonly table: string; readonly fields?: ReadonlyArray<string> }
}

// A role as rules see it, with nobody's id: a rule for one user does not match it.
const NOBODY = '00000000-0000-0000-0000-000000000000'
const NAMED_FIELDS = 5

type Who = WorkflowWarning['params']['who']
const MAX_CHECKED = 100

/**
 * The table whose record a run carries: the one a record trigger watches or a manual one shows its
 * button on. A stored workflow whose trigger's plugin is disabled since has none (its runs fail and say why).
 */
function runTableId(k: KernelContext, def: WorkflowDefinition): string | undefined {
  const trigger = k.plugins.registries.triggers.get(def.trigger.type)
  return trigger?.watches?.(def.trigger.config)?.tableId ?? trigger?.buttonOn?.(def.trigger.config)?.tableId
}

/**
 * Where a task step's people (approvers, form assignees) may not read the run's record as its
 * task shows it (tasks-service / task-record.ts): not members of the company, no `view` on the
 * table, row rules that show them only some records, or hidden fields. Users named by a variable
 * are known only when a run fills it, so only ids and roles written in the step are checked.
 */
export async function assigneeWarnings(k: KernelContext, companyId: string, def: WorkflowDefinition): Promise<WorkflowWarning[]> {
  const tasks = taskSteps(k, def)
  if (!tasks.length) return []
  const empty = await emptyRoles(k, companyId, tasks)
  const tableId = runTableId(k, def)
  if (!tableId) return empty
  let table: TableRuntime
  try {
    table = await k.tables.get(companyId, tableId)
  } catch (err) {
    // The trigger's own check refuses a table that does not exist; a manual button's is checked when it runs.
    if (isNotFound(err)) return empty
    throw err
  }
  return [...empty, ...(await accessWarnings(k, companyId, table, tasks))]
}

type TaskStep = { path: ReadonlyArray<string | number>; users: ReadonlyArray<unknown>; roles: ReadonlyArray<string> }

/** The steps that make tasks, with the people and roles written in them. */
function taskSteps(k: KernelContext, def: WorkflowDefinition): TaskStep[] {
  return [...stepsOf(def.steps)].flatMap(({ step, path }) => {
    // A step of a disabled plugin's action has no one to check (its runs fail and say why).
    const who = k.plugins.registries.actions.get(step.type)?.assignees?.(step.config)
    if (!who) return []
    // A config stored before its plugin's schema changed may lack either list.
    const users: ReadonlyArray<unknown> = Array.isArray(who.users) ? who.users : []
    const roles: ReadonlyArray<string> = Array.isArray(who.roles) ? who.roles.filter((r): r is string => typeof r === 'string') : []
    return [{ path: [...path, 'config'], users, roles }]
  })
}

/**
 * Roles nobody in the company holds now: a task for one waits until someone does (an owner is not
 * an admin for this: roles are matched by name). Named with the label the builder shows.
 */
async function emptyRoles(k: KernelContext, companyId: string, tasks: ReadonlyArray<TaskStep>): Promise<WorkflowWarning[]> {
  const names = [...new Set(tasks.flatMap((t) => t.roles))]
  if (!names.length) return []
  const held = new Set(
    (await k.db.query<{ role: string }>(sql`select distinct role from company_members where company_id = ${companyId} and role = any(${arrayLiteral(names)}::text[])`)).map(
      (r) => r.role,
    ),
  )
  const labels = await roleLabels(k, companyId, names)
  return tasks.flatMap(({ path, roles }) =>
    [...roles.entries()]
      .filter(([, role]) => !held.has(role))
      .map(([i, role]) => {
        const name = labels.get(role) ?? role
        return {
          path: [...path, 'roles', i],
          code: 'assignee_role_empty' as const,
          message: `Role '${name}' is held by nobody in this company now: its task will wait until someone has it.`,
          params: { who: { kind: 'role' as const, id: role, name }, table: '' },
        }
      }),
  )
}

/** Roles by the label the builder shows them with (a custom one's as its company defined it). */
async function roleLabels(k: KernelContext, companyId: string, names: ReadonlyArray<string>): Promise<Map<string, string>> {
  const labels = new Map<string, string>(BUILT_IN_ROLES.map((r) => [r.name, r.label]))
  if (names.length)
    for (const r of await k.db.query<{ name: string; label: string }>(
      sql`select name, label from company_roles where company_id = ${companyId} and name = any(${arrayLiteral([...names])}::text[])`,
    ))
      labels.set(r.name, r.label)
  return labels
}

/** What each person or role named may read of the run's table. */
async function accessWarnings(k: KernelContext, companyId: string, table: TableRuntime, tasks: ReadonlyArray<TaskStep>): Promise<WorkflowWarning[]> {
  const ids = [...new Set(tasks.flatMap((t) => t.users.filter(isUuid).map((u) => u.toLowerCase())))]
  const members = new Map(
    (ids.length
      ? await k.db.query<{ id: string; name: string; role: string }>(
          sql`select u.id, u.name, m.role from company_members m join users u on u.id = m.user_id where m.company_id = ${companyId} and m.user_id = any(${arrayLiteral(ids)}::uuid[])`,
        )
      : []
    ).map((m) => [m.id, m]),
  )
  const labels = await roleLabels(k, companyId, [...new Set(tasks.flatMap((t) => t.roles))])
  const out: WorkflowWarning[] = []
  // Each person or role is looked at once however many steps name them, and at most
  // MAX_CHECKED of them (a definition may name thousands; the first ones are the ones shown).
  const seen = new Map<string, ReturnType<typeof recordAccess>>()
  const check = async (path: ReadonlyArray<string | number>, grantee: Grantee, who: Who) => {
    const key = `${grantee.userId}|${grantee.role}`
    let pending = seen.get(key)
    if (!pending) {
      if (seen.size >= MAX_CHECKED) return
      pending = recordAccess(k, grantee, table)
      seen.set(key, pending)
    }
    const access = await pending
    const name = table.meta.name
    const params = { who, table: name }
    const whom = who.kind === 'role' ? `Role '${who.name}'` : `'${who.name}'`
    if (!access.actions.includes('view'))
      out.push({ path, code: 'assignee_cannot_read', message: `${whom} may not read '${name}': the task will not show them its record.`, params })
    else if (access.rowRules.read)
      out.push({
        path,
        code: 'assignee_rows_limited',
        message: `Row rules show ${whom} only some records of '${name}': a task about another record will not show it to them.`,
        params,
      })
    if (access.actions.includes('view') && access.hiddenFields.length) {
      const shown = access.hiddenFields.slice(0, NAMED_FIELDS).map((f) => `'${f}'`)
      const more = access.hiddenFields.length - shown.length
      const fields = shown.join(', ') + (more > 0 ? ` and ${more} more` : '')
      out.push({
        path,
        code: 'assignee_fields_hidden',
        message: `${whom} does not see ${fields} of '${name}': the task shows its record without them.`,
        params: { ...params, fields: access.hiddenFields },
      })
    }
  }
  for (const { path, users, roles } of tasks) {
    for (const [i, user] of users.entries()) {
      if (!isUuid(user)) continue
      const member = members.get(user.toLowerCase())
      const at = [...path, 'users', i]
      if (!member)
        out.push({
          path: at,
          code: 'assignee_not_member',
          message: `User '${user}' is not a member of this company: the task will not reach them.`,
          params: { who: { kind: 'user', id: user, name: user }, table: table.meta.name },
        })
      else await check(at, { userId: member.id, role: member.role }, { kind: 'user', id: member.id, name: member.name })
    }
    for (const [i, role] of roles.entries()) await check([...path, 'roles', i], { userId: NOBODY, role }, { kind: 'role', id: role, name: labels.get(role) ?? role })
  }
  return out
}
