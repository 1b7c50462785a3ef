import { sql } from '@docpal/plugin-sdk'
import type { KernelContext } from '../context.ts'
import type { Executor } from '../db/executor.ts'
import { setOutboxTriggers, type OutboxOp } from '../ddl/outbox-triggers.ts'
import type { WorkflowDefinition } from './definition.ts'
import { isNotFound } from './not-found.ts'

const OP_OF_EVENT: Readonly<Record<string, OutboxOp>> = { 'record.created': 'created', 'record.updated': 'updated', 'record.deleted': 'deleted' }

/**
 * Which writes of a table go to the outbox: those the enabled workflows watching it listen to (a
 * record-updated workflow costs creates nothing). Synced in the transaction that enables,
 * disables, saves or deletes a workflow.
 */
export class OutboxTriggers {
  constructor(private readonly k: KernelContext) {}

  async sync(ex: Executor, companyId: string, tableId: string): Promise<void> {
    const rows = await ex.query<{ definition: WorkflowDefinition }>(
      sql`select v.definition from workflows w join workflow_versions v on v.workflow_id = w.id and v.version = w.version where w.watched_table_id = ${tableId} and w.enabled`,
    )
    const ops = new Set<OutboxOp>()
    for (const { definition } of rows) {
      const trigger = this.k.plugins.registries.triggers.get(definition.trigger.type)
      // A trigger whose plugin is off says nothing: keep every kind, so no write it would want is lost meanwhile.
      const events = trigger?.events ?? Object.keys(OP_OF_EVENT)
      for (const e of events) {
        const op = OP_OF_EVENT[e]
        if (op) ops.add(op)
      }
    }
    const rt = await this.k.tables.get(companyId, tableId, ex).catch((err: unknown) => {
      if (isNotFound(err)) return undefined
      throw err
    })
    // A table deleted meanwhile took its triggers with it.
    if (rt) await setOutboxTriggers(ex, rt.physical, ops)
  }
}
