import { z } from 'zod'
import { sql, type TaskOutcome } from '@docpal/plugin-sdk'
import type { Actor, KernelContext } from '../context.ts'
import { codes } from '../errors/codes.ts'
import { present } from '../errors/present.ts'
import { isUuid, parseOrThrow } from '../validation.ts'
import type { RecordsService } from '../records/records-service.ts'
import { settleTask } from './task-settle.ts'
import { taskRecordKey, taskRecords, type TaskRecordView } from './task-record.ts'

interface TaskRow {
  readonly id: string
  readonly run_id: string
  readonly workflow_id: string
  readonly workflow_name: string
  readonly kind: 'approval' | 'form'
  readonly title: string
  readonly assignee_users: string[]
  readonly assignee_roles: string[]
  readonly required: number | null
  readonly fields: Array<{ name: string; type: string; required?: boolean }> | null
  readonly status: string
  readonly responses: Array<{ by: string; decision: string; comment?: string; data?: unknown; at: string }>
  readonly outcome: TaskOutcome | null
  readonly due_at: Date | null
  readonly created_at: Date
  readonly completed_at: Date | null
  readonly app_id: string
  readonly table_id: string | null
  readonly record_id: string | null
}

const Completion = z
  .object({
    decision: z.enum(['approve', 'reject', 'changes']).optional(),
    comment: z.string().max(5000).optional(),
    data: z.record(z.string().max(200), z.unknown()).optional(),
  })
  .strict()

// Arrays as JSON: both drivers then answer JS arrays.
const SELECT = sql`select t.id, t.run_id, t.kind, t.title, to_jsonb(t.assignee_users) as assignee_users, to_jsonb(t.assignee_roles) as assignee_roles, t.required, t.fields, t.status, t.responses, t.outcome, t.due_at, t.created_at, t.completed_at,
  r.workflow_id, w.name as workflow_name, w.app_id, r.trigger->>'tableId' as table_id, r.trigger->>'recordId' as record_id from workflow_tasks t join workflow_runs r on r.id = t.run_id join workflows w on w.id = r.workflow_id`

/** The caller's tasks of a status: in their company, assigned to them or to their role. */
const assignedTo = (actor: Actor, status: 'open' | 'done') =>
  sql`t.company_id = ${actor.companyId} and t.status = ${status} and (${actor.userId}::uuid = any(t.assignee_users) or ${actor.role ?? ''}::text = any(t.assignee_roles))`

/** The record the run started from, if any. */
const recordRef = (t: TaskRow) => (t.table_id && t.record_id ? { tableId: t.table_id, recordId: t.record_id } : null)

function taskJson(t: TaskRow, records: Map<string, TaskRecordView>) {
  const ref = recordRef(t)
  return {
    id: t.id,
    kind: t.kind,
    title: t.title,
    runId: t.run_id,
    workflowId: t.workflow_id,
    workflowName: t.workflow_name,
    fields: t.fields ?? [],
    required: t.required,
    assignees: { users: t.assignee_users, roles: t.assignee_roles },
    status: t.status,
    responses: t.responses,
    outcome: t.outcome,
    dueAt: t.due_at,
    createdAt: t.created_at,
    completedAt: t.completed_at,
    // The record the run started from, as whoever answers may read it (task-record.ts).
    record: ref ? { appId: t.app_id, ...ref, ...(records.get(taskRecordKey(ref)) ?? { readable: false }) } : null,
  }
}

const FIELD_CHECKS: Record<string, (v: unknown) => boolean> = {
  text: (v) => typeof v === 'string' && v.length <= 10_000,
  long_text: (v) => typeof v === 'string' && v.length <= 100_000,
  number: (v) => typeof v === 'number' && Number.isFinite(v),
  switch: (v) => typeof v === 'boolean',
  date: (v) => typeof v === 'string' && !Number.isNaN(Date.parse(v)),
}

/** The task inbox: forms and approvals assigned to the caller (by user or by role), and their answers. */
export class TasksService {
  constructor(
    private readonly k: KernelContext,
    private readonly records: RecordsService,
    private readonly resumed: () => void,
  ) {}

  async #json(actor: Actor, rows: TaskRow[]) {
    const records = await taskRecords(this.records, actor, rows.map(recordRef))
    return rows.map((t) => taskJson(t, records))
  }

  async list(actor: Actor, status: 'open' | 'done' = 'open') {
    const rows = await this.k.db.query<TaskRow>(sql`${SELECT} where ${assignedTo(actor, status)} order by t.created_at desc, t.id limit 200`)
    return this.#json(actor, rows)
  }

  /** How many open tasks are the caller's: the badge's poll, without reading each task's record (list does). */
  async openCount(actor: Actor): Promise<{ open: number }> {
    const row = await this.k.db.one<{ n: number }>(sql`select count(*)::int as n from workflow_tasks t where ${assignedTo(actor, 'open')}`)
    return { open: present(row, 'a count').n }
  }

  async complete(actor: Actor, id: string, body: unknown) {
    const input = parseOrThrow(Completion, body)
    if (!isUuid(id)) throw codes.KRN_ERR_NOT_FOUND('Task', id)
    const settled = await this.k.db.transaction(async (tx) => {
      const t = await tx.one<TaskRow>(sql`${SELECT} where t.id = ${id} and t.company_id = ${actor.companyId} for update of t`)
      if (!t) throw codes.KRN_ERR_NOT_FOUND('Task', id)
      const assigned = t.assignee_users.includes(actor.userId) || (actor.role !== undefined && t.assignee_roles.includes(actor.role))
      if (!assigned) throw codes.KRN_ERR_PERMISSION_DENIED('answer', 'this task: it is assigned to others')
      if (t.status !== 'open') throw codes.KRN_ERR_CONFLICT(`This task was settled already (${t.outcome?.decision ?? t.status}).`)
      if (t.responses.some((r) => r.by === actor.userId)) throw codes.KRN_ERR_CONFLICT('You answered this task already.')
      let outcome: TaskOutcome | undefined
      const response = { by: actor.userId, at: new Date().toISOString(), ...(input.comment ? { comment: input.comment } : {}) }
      if (t.kind === 'approval') {
        if (!input.decision) throw codes.KRN_ERR_VALIDATION('An approval needs a decision: approve, reject or changes.', { path: ['decision'] })
        const approvals = t.responses.filter((r) => r.decision === 'approve').length + (input.decision === 'approve' ? 1 : 0)
        const needed = t.required ?? Math.max(1, t.assignee_users.length)
        if (input.decision !== 'approve' || approvals >= needed) outcome = { decision: input.decision, by: actor.userId, ...(input.comment ? { comment: input.comment } : {}) }
        await tx.query(sql`update workflow_tasks set responses = responses || ${JSON.stringify([{ ...response, decision: input.decision }])}::jsonb where id = ${id}`)
      } else {
        const data = input.data ?? {}
        for (const f of t.fields ?? []) {
          const v = data[f.name]
          if (v === undefined || v === null || v === '') {
            if (f.required) throw codes.KRN_ERR_VALIDATION(`'${f.name}' is required.`, { path: ['data', f.name] })
            continue
          }
          if (!(FIELD_CHECKS[f.type] ?? FIELD_CHECKS['text'])?.(v)) throw codes.KRN_ERR_VALIDATION(`'${f.name}' takes a ${f.type} value.`, { path: ['data', f.name] })
        }
        const known = new Set((t.fields ?? []).map((f) => f.name))
        const unknown = Object.keys(data).find((n) => !known.has(n))
        if (unknown !== undefined) throw codes.KRN_ERR_VALIDATION(`The form has no field '${unknown}'.`, { path: ['data', unknown] })
        outcome = { decision: 'submitted', by: actor.userId, data, ...(input.comment ? { comment: input.comment } : {}) }
        await tx.query(sql`update workflow_tasks set responses = responses || ${JSON.stringify([{ ...response, decision: 'submitted', data }])}::jsonb where id = ${id}`)
      }
      if (outcome) await settleTask(this.k, tx, id, outcome)
      return Boolean(outcome)
    })
    if (settled) this.resumed()
    const t = await this.k.db.one<TaskRow>(sql`${SELECT} where t.id = ${id}`)
    if (!t) throw codes.KRN_ERR_NOT_FOUND('Task', id)
    const [json] = await this.#json(actor, [t])
    if (!json) throw codes.KRN_ERR_NOT_FOUND('Task', id)
    return json
  }
}
