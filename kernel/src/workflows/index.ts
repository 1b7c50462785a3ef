import type { KernelContext } from '../context.ts'
import type { RecordsService } from '../records/records-service.ts'
import { WorkflowEngine, type EngineOptions } from './engine.ts'
import { OutboxTriggers } from './outbox-triggers.ts'
import { RunsService } from './runs-service.ts'
import { TasksService } from './tasks-service.ts'
import { WebhookRuns } from './webhook-runs.ts'
import { WorkflowsService } from './workflows-service.ts'

export interface Workflows {
  readonly workflows: WorkflowsService
  readonly runs: RunsService
  readonly tasks: TasksService
  /** Calls of workflows' hook URLs (webhook triggers). */
  readonly webhooks: WebhookRuns
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
    tasks: new TasksService(k, poke),
    webhooks: new WebhookRuns(k, poke),
    engine,
    start: async () => engine?.start(),
    stop: async () => engine?.stop(),
  }
}

export type { WorkflowEngine, EngineOptions }
export { WorkflowsService, RunsService, TasksService, WebhookRuns }
