import { z } from 'zod'
import type { Actor, KernelContext } from '../context.ts'
import type { RecordsService } from '../records/records-service.ts'
import { WorkflowEngine, type EngineOptions } from './engine.ts'
import { OutboxTriggers } from './outbox-triggers.ts'
import { RunsService } from './runs-service.ts'
import { TasksService } from './tasks-service.ts'
import { WebhookRuns } from './webhook-runs.ts'
import { emitEvent } from './workflow-events.ts'
import { manualButtons } from './manual-buttons.ts'
import { WorkflowsService } from './workflows-service.ts'

/** An event for waiting steps: its name, the key they wait for (none: only keyless waits), data they receive. */
export const WorkflowEvent = z
  .object({
    name: z.string().trim().min(1).max(200),
    key: z.string().max(200).nullable().optional(),
    data: z.record(z.string().max(200), z.unknown()).optional(),
  })
  .strict()
export type WorkflowEvent = z.output<typeof WorkflowEvent>

export interface Workflows {
  readonly workflows: WorkflowsService
  readonly runs: RunsService
  readonly tasks: TasksService
  /** Calls of workflows' hook URLs (webhook triggers). */
  readonly webhooks: WebhookRuns
  /** Enabled manual workflows with a button on a table's records and views, that the caller may start. */
  buttons(actor: Actor, tableId: string): ReturnType<typeof manualButtons>
  /** Sends an event to the company's steps waiting for it (POST /api/workflow-events). */
  emit(actor: Actor, event: WorkflowEvent): Promise<{ resumed: number }>
  /** Undefined when this process runs no workflows (`workflows: false`). */
  readonly engine: WorkflowEngine | undefined
}

/** The workflow services over the kernel's; the engine starts with `start()` once plugins are up. */
export function createWorkflows(k: KernelContext, records: RecordsService, opts: EngineOptions | false): Workflows & { start(): Promise<void>; stop(): Promise<void> } {
  const engine = opts === false ? undefined : new WorkflowEngine(k, records, opts)
  const poke = () => engine?.poke()
  const changed = async () => {
    await engine?.watchedChanged()
    poke()
  }
  const workflows = new WorkflowsService(k, new OutboxTriggers(k), changed)
  return {
    workflows,
    runs: new RunsService(k, workflows, records, () => engine),
    tasks: new TasksService(k, records, poke),
    webhooks: new WebhookRuns(k, poke),
    buttons: (actor, tableId) => manualButtons(k, actor, tableId),
    async emit(actor, event) {
      const r = await emitEvent(k, actor.companyId, { name: event.name, key: event.key ?? null, data: event.data ?? {} }, actor.userId)
      if (r.resumed > 0) poke()
      return r
    },
    engine,
    start: async () => engine?.start(),
    stop: async () => engine?.stop(),
  }
}

export type { WorkflowEngine, EngineOptions }
export { WorkflowsService, RunsService, TasksService, WebhookRuns }
