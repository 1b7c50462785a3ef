import { arrayLiteral, sql } from '@docpal/plugin-sdk'
import type { KernelContext } from '../context.ts'
import type { Executor } from '../db/executor.ts'
import type { AuditEntry } from '../audit/audit-entry.ts'
import type { TableRuntime } from '../schema/table-runtime.ts'
import { conditionsHoldMany } from './conditions.ts'
import type { WorkflowDefinition } from './definition.ts'
import { isNotFound } from './not-found.ts'
import { recordWrite, type OutboxRow } from './trigger-event.ts'
import { triggerLabels, type TriggerLabels } from './trigger-labels.ts'

/** Outbox rows taken per transaction: a bulk write's rows are handed over in slices. */
export const BATCH = 200

interface Watcher {
  readonly id: string
  readonly name: string
  readonly company_id: string
  readonly version: number
  readonly run_as: string
  readonly watched_table_id: string
  readonly definition: WorkflowDefinition
}

/**
 * Turns committed record writes (the outbox) into queued runs, in one transaction per slice: the
 * outbox rows are deleted and the runs inserted together, so a crash either leaves both or
 * neither, and two processes never take the same rows (SKIP LOCKED). Answers how many rows it took.
 */
export async function dispatchOutbox(k: KernelContext): Promise<{ taken: number; queued: number }> {
  return k.db.transaction(async (tx) => {
    const rows = await tx.query<OutboxRow>(
      sql`delete from workflow_outbox where id in (select id from workflow_outbox order by id limit ${BATCH} for update skip locked) returning id::text, table_name, op, row_new, row_old, source`,
    )
    if (!rows.length) return { taken: 0, queued: 0 }
    rows.sort((a, b) => Number(BigInt(a.id) - BigInt(b.id)))
    const names = [...new Set(rows.map((r) => r.table_name))]
    // The written tables and the enabled workflows watching them, in one query (a table nobody watches any more comes back without a workflow).
    const found = await tx.query<Watcher & { table_name: string; table_company: string; table_id: string }>(
      sql`select t.id as table_id, t.company_id as table_company, t.table_name, w.id, w.name, w.company_id, w.version, w.run_as, w.watched_table_id, v.definition
          from data_tables t join workflows w on w.watched_table_id = t.id and w.enabled join workflow_versions v on v.workflow_id = w.id and v.version = w.version
          where t.table_name = any(${arrayLiteral(names)}::text[]) order by w.created_at, w.id`,
    )
    const byName = new Map(found.map((f) => [f.table_name, { id: f.table_id, company_id: f.table_company }]))
    const runtimes = new Map<string, TableRuntime | undefined>()
    // The slice's writes in order, each with the workflows watching its table.
    const writes: Array<{ o: OutboxRow; tableId: string; write: Write; mine: Watcher[] }> = []
    for (const o of rows) {
      const t = byName.get(o.table_name)
      const mine = t ? found.filter((w) => w.watched_table_id === t.id) : []
      if (!t || !mine.length) continue
      if (!runtimes.has(t.id)) runtimes.set(t.id, await runtimeOf(k, tx, t.company_id, t.id))
      const rt = runtimes.get(t.id)
      if (rt) writes.push({ o, tableId: t.id, write: recordWrite(rt, o), mine })
    }
    // Per workflow, which of its table's writes start it: one conditions query for all of them.
    const fired = new Set<string>()
    for (const w of new Map(found.map((f) => [f.id, f])).values()) {
      const rt = runtimes.get(w.watched_table_id)
      const theirs = writes.filter((x) => x.tableId === w.watched_table_id)
      if (!rt || !theirs.length) continue
      const oks = await firing(
        k,
        tx,
        rt,
        w,
        theirs.map((x) => x.write),
      )
      for (const [i, x] of theirs.entries()) if (oks[i]) fired.add(`${w.id}:${x.o.id}`)
    }
    // What the starting writes' values read as (`trigger.labels`): one query per table.
    const labels = new Map<string, TriggerLabels | undefined>()
    const starting = writes.filter((x) => x.mine.some((w) => fired.has(`${w.id}:${x.o.id}`)))
    for (const [tableId, rt] of runtimes) {
      const theirs = starting.filter((x) => x.tableId === tableId)
      if (!rt || !theirs.length) continue
      const read = await triggerLabels(
        tx,
        k.logger,
        rt,
        theirs.map(({ o, write }) => ({ row: write.row, old: o.op === 'updated' ? (o.row_old ?? undefined) : undefined, changed: write.changed })),
      )
      theirs.forEach((x, i) => labels.set(x.o.id, read[i]))
    }
    let queued = 0
    for (const { o, tableId, write, mine } of writes) {
      for (const w of mine) {
        if (!fired.has(`${w.id}:${o.id}`)) continue
        const trigger = {
          type: write.event.name,
          tableId,
          recordId: write.recordId,
          record: write.values,
          ...(o.source ? { source: o.source } : {}),
          ...(write.before ? { before: write.before, changed: write.changed } : {}),
          ...(labels.get(o.id) ? { labels: labels.get(o.id) } : {}),
        }
        await queueRun(k, tx, w, trigger, null)
        queued++
      }
    }
    return { taken: rows.length, queued }
  })
}

async function runtimeOf(k: KernelContext, ex: Executor, companyId: string, tableId: string): Promise<TableRuntime | undefined> {
  try {
    return await k.tables.get(companyId, tableId, ex)
  } catch (err) {
    // Deleted after the write: its rows start nothing.
    if (isNotFound(err)) return undefined
    throw err
  }
}

type Write = ReturnType<typeof recordWrite>

/**
 * Which of the writes start workflow `w`: its trigger matches (the plugin, in JS) and its
 * conditions hold (SQL, one query for the slice, in a savepoint: conditions that fail start
 * nothing). A trigger or conditions that throw are logged with the workflow; if the query for
 * the slice fails, each write is asked alone, so one bad row does not silence the others.
 */
async function firing(k: KernelContext, ex: Executor, rt: TableRuntime, w: Watcher, writes: ReadonlyArray<Write>): Promise<boolean[]> {
  const trigger = k.plugins.registries.triggers.get(w.definition.trigger.type)
  if (!trigger) {
    k.logger.warn('workflow trigger type is not enabled: the write starts no run', { workflow: w.id, trigger: w.definition.trigger.type })
    return writes.map(() => false)
  }
  const failed = (write: Write | undefined, err: unknown) => {
    k.logger.warn('workflow trigger or conditions failed: the write starts no run', {
      workflow: w.id,
      trigger: w.definition.trigger.type,
      recordId: write?.recordId ?? null,
      err: err instanceof Error ? err.message : String(err),
    })
    return false
  }
  const matched = writes.map((write) => {
    try {
      return trigger.events.includes(write.event.name) && trigger.matches(w.definition.trigger.config, write.event)
    } catch (err) {
      return failed(write, err)
    }
  })
  const conditions = w.definition.trigger.conditions
  // A savepoint only where conditions run SQL that may fail: without them a bulk write's rows cost no round trips.
  if (conditions === undefined || conditions === null) return matched
  const asked = writes.filter((_, i) => matched[i])
  if (!asked.length) return matched
  const items = asked.map((x) => ({ row: x.row, facts: x.facts }))
  const oks = await ex
    .savepoint((sp) => conditionsHoldMany(sp, rt, conditions, items))
    .catch(async (err: unknown) => {
      if (asked.length === 1) return [failed(asked[0], err)]
      const one = async (x: Write) =>
        ex
          .savepoint((sp) => conditionsHoldMany(sp, rt, conditions, [{ row: x.row, facts: x.facts }]))
          .then(
            ([ok]) => ok === true,
            (e: unknown) => failed(x, e),
          )
      const each: boolean[] = []
      for (const x of asked) each.push(await one(x))
      return each
    })
  let j = 0
  return matched.map((m) => (m ? oks[j++] === true : false))
}

/** Inserts a queued run and its `workflow.triggered` audit entry. */
export async function queueRun(
  k: KernelContext,
  ex: Executor,
  w: Pick<Watcher, 'id' | 'name' | 'company_id' | 'version' | 'run_as'>,
  trigger: Record<string, unknown>,
  startedBy: string | null,
  test = false,
  runId: string | null = null,
): Promise<string> {
  const [run] = await ex.query<{ id: string }>(
    sql`insert into workflow_runs (id, company_id, workflow_id, version, status, trigger, run_as, started_by, test)
        values (coalesce(${runId}::uuid, gen_random_uuid()), ${w.company_id}, ${w.id}, ${w.version}, 'queued', ${JSON.stringify(trigger)}::jsonb, ${w.run_as}, ${startedBy}, ${test}) returning id`,
  )
  const id = String(run?.id)
  const entry: AuditEntry = {
    action: 'workflow.triggered',
    resourceType: 'workflow',
    resourceId: w.id,
    resourceName: w.name,
    tableId: typeof trigger['tableId'] === 'string' ? trigger['tableId'] : null,
    metadata: { runId: id, trigger: trigger['type'], recordId: trigger['recordId'] ?? null, version: w.version },
  }
  const who = { userId: startedBy ?? w.run_as, companyId: w.company_id }
  if (typeof trigger['recordId'] === 'string') await k.audit.writeAbout(ex, who, entry, trigger['recordId'])
  else await k.audit.write(ex, who, entry)
  return id
}
