import { sql } from '@docpal/plugin-sdk'
import type { KernelContext } from '../context.ts'
import type { WorkflowDefinition } from './definition.ts'
import { queueRun } from './dispatcher.ts'

/**
 * Scheduled triggers whose time has come: a run queued and the next time set, in one transaction
 * per workflow with the row locked (SKIP LOCKED), so with several processes each time fires once.
 * A server that was down fires once for the times it missed, not once each.
 */
export async function fireSchedules(k: KernelContext): Promise<number> {
  let fired = 0
  for (;;) {
    const done = await k.db.transaction(async (tx) => {
      const w = await tx.one<{ id: string; name: string; company_id: string; version: number; run_as: string; next_fire_at: Date; definition: WorkflowDefinition }>(
        sql`select w.id, w.name, w.company_id, w.version, w.run_as, w.next_fire_at, v.definition from workflows w join workflow_versions v on v.workflow_id = w.id and v.version = w.version
            where w.enabled and w.next_fire_at <= now() order by w.next_fire_at limit 1 for update of w skip locked`,
      )
      if (!w) return false
      const trigger = k.plugins.registries.triggers.get(w.definition.trigger.type)
      let next: Date | null = null
      try {
        next = trigger?.nextAt?.(w.definition.trigger.config, new Date()) ?? null
      } catch (err) {
        k.logger.warn('scheduled trigger failed to name its next time: the schedule stops', { workflow: w.id, err: err instanceof Error ? err.message : String(err) })
      }
      await tx.query(sql`update workflows set next_fire_at = ${next} where id = ${w.id}`)
      if (trigger) await queueRun(k, tx, w, { type: 'schedule', firedAt: w.next_fire_at.toISOString() }, null)
      return true
    })
    if (!done) return fired
    fired++
  }
}
