import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { Client, Connection } from '@temporalio/client'
import { NativeConnection, Worker } from '@temporalio/worker'
import type { ClaimedRun, Kernel } from '@docpal/kernel'
import { createActivities } from './activities.ts'

export interface TemporalSettings {
  readonly address: string
  readonly namespace: string
  readonly taskQueue: string
}

/** The interpreter's source next to this module: src/ under tsx, dist/ once built (the bundle sits one folder up). */
export function interpreterPath(): string {
  for (const rel of ['./interpreter.ts', './interpreter.js', './temporal/interpreter.js']) {
    const p = fileURLToPath(new URL(rel, import.meta.url))
    if (existsSync(p)) return p
  }
  throw new Error('the Temporal interpreter workflow (temporal/interpreter.js) is missing from this build')
}

/**
 * Runs go to Temporal (TEMPORAL_ADDRESS): the embedded engine still turns committed writes into
 * runs (the outbox), then hands each run to Temporal as a workflow whose id is the run's, started
 * or signalled (`signalWithStart`: a run resumed after its task was answered signals the workflow
 * that waits for it). The worker executes the interpreter and the same action plugins as
 * activities. Answers the engine's hand-off, and `attach` (start the worker once the kernel is up).
 */
export async function connectTemporal(s: TemporalSettings): Promise<{ handOff: (run: ClaimedRun) => Promise<void>; attach: (k: Kernel) => Promise<() => Promise<void>> }> {
  const connection = await Connection.connect({ address: s.address })
  const client = new Client({ connection, namespace: s.namespace })
  return {
    async handOff(run) {
      await client.workflow.signalWithStart('docpalRun', {
        workflowId: `docpal-run-${run.id}`,
        taskQueue: s.taskQueue,
        args: [{ runId: run.id }],
        signal: 'resume',
        signalArgs: [],
      })
    },
    async attach(k) {
      const worker = await Worker.create({
        connection: await NativeConnection.connect({ address: s.address }),
        namespace: s.namespace,
        taskQueue: s.taskQueue,
        workflowsPath: interpreterPath(),
        activities: createActivities(k),
      })
      const running = worker.run()
      return async () => {
        worker.shutdown()
        await running
        await connection.close()
      }
    },
  }
}
