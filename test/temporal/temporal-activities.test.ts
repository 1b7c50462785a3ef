import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { MockActivityEnvironment } from '@temporalio/testing'
import { bundleWorkflowCode } from '@temporalio/worker'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createActivities } from '../../host-server/src/temporal/activities.ts'
import { interpreterPath } from '../../host-server/src/temporal/temporal-runner.ts'
import { startTestServer, type TestServer } from '../support/test-server.ts'

/**
 * The Temporal path of issue 18 as far as it runs without a Temporal server (none can be installed
 * here): the interpreter workflow bundles with Temporal's own bundler, which refuses
 * non-deterministic imports; the activities run the same action plugins over a real kernel under
 * Temporal's MockActivityEnvironment, and a retried attempt of a create makes no second record.
 * test/temporal/temporal.integration.test.ts runs the whole path against TEMPORAL_ADDRESS.
 */
describe('the interpreter workflow', () => {
  it('bundles with bundleWorkflowCode', async () => {
    const { code } = await bundleWorkflowCode({
      workflowsPath: interpreterPath(),
      logger: { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined, trace: () => undefined, log: () => undefined },
    })
    expect(code).toContain('docpalRun')
  }, 120_000)

  it('a workflow file that reads the file system is refused by the same bundler', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'docpal-wf-bad-'))
    try {
      const bad = join(dir, 'bad.ts')
      await writeFile(bad, "import { readFileSync } from 'node:fs'\nexport async function bad(): Promise<string> { return readFileSync('/etc/hostname', 'utf8') }\n")
      await expect(
        bundleWorkflowCode({
          workflowsPath: bad,
          logger: { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined, trace: () => undefined, log: () => undefined },
        }),
      ).rejects.toThrow()
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  }, 120_000)
})

/** An activity run in Temporal's mock environment (attempt `attempt`), typed as the activity is. */
function mock<A extends unknown[], R>(fn: (...a: A) => Promise<R>, attempt = 1): (...a: A) => Promise<R> {
  return (...a) => new MockActivityEnvironment({ attempt }).run<A, R, typeof fn>(fn, ...a)
}

describe('the activities over a real kernel', () => {
  let t: TestServer
  beforeAll(async () => {
    // No embedded runner: the runs wait for the activities below, as they would for Temporal's worker.
    t = await startTestServer({ workflows: false })
  })
  afterAll(() => t?.close())

  it('run the steps of a queued run, once per step however often Temporal retries it', async () => {
    const app = (await t.api('POST', '/api/apps', { name: 'Temporal' })).body.id as string
    const log = (await t.api('POST', `/api/apps/${app}/tables`, { name: 'Log', columns: [{ name: 'Note', type: 'text' }] })).body.id as string
    const wf = await t.api('POST', `/api/apps/${app}/workflows`, {
      name: 'Manual',
      trigger: { type: 'manual', config: {} },
      steps: [
        { id: 'log', type: 'create-record', config: { tableId: log, fields: { Note: 'run by {{trigger.input.who}}' } } },
        { id: 'pause', type: 'delay', config: { minutes: 0 } },
      ],
    })
    expect(wf.status, wf.text).toBe(201)
    await t.api('POST', `/api/workflows/${wf.body.id}/enable`)
    const run = (await t.api('POST', `/api/workflows/${wf.body.id}/run`, { input: { who: 'temporal' } })).body
    const acts = createActivities(t.server.kernel)
    const plan = await mock(acts.loadRun)(run.id as string)
    expect(plan.steps.map((s) => s.id)).toEqual(['log', 'pause'])
    expect(plan.policies['create-record']).toMatchObject({ attempts: 3, backoffMs: 500 })
    const vars = { trigger: plan.trigger, steps: {} }
    const [logStep, pauseStep] = plan.steps
    const first = await mock(acts.runStep, 1)({ runId: run.id, path: 'log', step: logStep!, vars })
    // Temporal retries an activity whose result it did not record (a worker died): the same record comes back.
    const again = await mock(acts.runStep, 2)({ runId: run.id, path: 'log', step: logStep!, vars })
    expect(again.output['id']).toBe(first.output['id'])
    const rows = (await t.api('GET', `/api/tables/${log}/records`)).body.records
    expect(rows.map((r: { fields: { Note: string } }) => r.fields.Note)).toEqual(['run by temporal'])
    const paused = await mock(acts.runStep)({ runId: run.id, path: 'pause', step: pauseStep!, vars: { ...vars, steps: { log: first.output } } })
    expect(paused.wait).toMatchObject({ until: expect.any(String) })
    await mock(acts.stepOutcome)(run.id as string, 'pause')
    await mock(acts.finishRun)(run.id as string, 'completed', null)
    const detail = (await t.api('GET', `/api/workflow-runs/${run.id}`)).body
    expect(detail.status).toBe('completed')
    expect(detail.steps.map((s: { path: string; status: string; attempt: number }) => [s.path, s.status, s.attempt])).toEqual([
      ['log', 'completed', 2],
      ['pause', 'completed', 1],
    ])
  })
  it('answer loop items and waits for events as the interpreter needs them: waitOver says when a wait is over', async () => {
    const app = (await t.api('POST', '/api/apps', { name: 'Temporal flow' })).body.id as string
    const wf = await t.api('POST', `/api/apps/${app}/workflows`, {
      name: 'Flow',
      trigger: { type: 'manual', config: {} },
      steps: [
        { id: 'each', type: 'loop', config: { items: ['a', 'b'] }, branches: { each: [] } },
        { id: 'paid', type: 'wait-for-event', config: { name: 'temporal.paid', key: 'k1' }, branches: { received: [] } },
      ],
    })
    expect(wf.status, wf.text).toBe(201)
    await t.api('POST', `/api/workflows/${wf.body.id}/enable`)
    const run = (await t.api('POST', `/api/workflows/${wf.body.id}/run`, { input: {} })).body as { id: string }
    const acts = createActivities(t.server.kernel)
    const plan = await mock(acts.loadRun)(run.id)
    const [loopStep, waitStep] = plan.steps
    const vars = { trigger: plan.trigger, steps: {}, loop: {} }
    const looped = await mock(acts.runStep)({ runId: run.id, path: 'each', step: loopStep!, vars })
    expect(looped).toMatchObject({ branch: 'each', fan: { each: ['a', 'b'] } })
    const waiting = await mock(acts.runStep)({ runId: run.id, path: 'paid', step: waitStep!, vars })
    expect(waiting.wait).toEqual({ until: null })
    expect(await mock(acts.waitOver)(run.id, 'paid')).toEqual({ over: false, until: null })
    expect((await t.api('POST', '/api/workflow-events', { name: 'temporal.paid', key: 'k1', data: { n: 1 } })).body).toEqual({ resumed: 1 })
    const over = await mock(acts.waitOver)(run.id, 'paid')
    expect(over).toMatchObject({ over: true, result: { branch: 'received', output: { name: 'temporal.paid', key: 'k1', data: { n: 1 } } } })
    // A run loaded again (a worker's replay) finds the loop's items stored with its step.
    expect((await mock(acts.loadRun)(run.id)).done['each']).toMatchObject({ fan: { each: ['a', 'b'] } })
  })
})
