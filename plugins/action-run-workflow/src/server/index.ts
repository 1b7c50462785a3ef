import { defineAction, defineServerPlugin, z } from '@docpal/plugin-sdk'
import { actionRunWorkflowPlugin } from '../manifest.ts'

/**
 * A sub-workflow: starts another workflow of the company with `input` (its steps read
 * {{trigger.input.<name>}}). With `wait` (the default) the step waits for the run to end and
 * takes the branch of its end (completed, failed or cancelled), its output being {runId, status,
 * error, steps} (the sub-run's step outputs by step id). A retried step starts its run once.
 */
export const runWorkflow = defineAction({
  type: 'run-workflow',
  label: 'Run a workflow',
  description: 'Starts another workflow of the company with inputs, and waits for its end or not.',
  translations: {
    'zh-CN': {
      label: '运行工作流',
      description: '带输入启动本公司的另一个工作流，可等待其结束。',
      branches: { completed: '已完成', failed: '失败', cancelled: '已取消' },
      fields: { workflowId: '工作流', input: '输入', wait: '等待其完成' },
      help: { workflowId: '要运行的工作流（id）', input: '它的输入：名称 -> 值（其中可用 {{trigger.input.<名称>}}）', wait: '等待它结束（默认：是）' },
    },
  },
  config: z
    .object({
      workflowId: z.string().min(1).max(100).describe('The workflow to run (id)'),
      input: z.record(z.string().max(200), z.unknown()).optional().describe('Its inputs: name -> value ({{trigger.input.<name>}} in it)'),
      wait: z.boolean().optional().describe('Wait for it to end (default: yes)'),
    })
    .strict(),
  branches: ['completed', 'failed', 'cancelled'],
  outputs: [
    { name: 'runId', type: 'id' },
    { name: 'status', type: 'text' },
    { name: 'error', type: 'object' },
    { name: 'steps', type: 'object' },
  ],
  idempotent: true,
  run: async (c, ctx) => {
    const { runId } = await ctx.workflows.start(c.workflowId, c.input ?? {})
    return c.wait === false ? { output: { runId } } : { output: { runId }, wait: { run: runId } }
  },
})

export default defineServerPlugin(actionRunWorkflowPlugin, { actions: [runWorkflow] })
