import { defineAction, defineServerPlugin, z } from '@docpal/plugin-sdk'
import { actionParallelPlugin } from '../manifest.ts'

/**
 * Runs every branch under it at once (the builder's user names them); the steps after it start
 * when all branches are done. A branch that waits (an approval, a delay) does not hold the others;
 * a branch that fails fails the run.
 */
export const parallel = defineAction({
  type: 'parallel',
  label: 'Parallel branches',
  description: 'Runs several branches of steps at once and goes on when all are done.',
  translations: { 'zh-CN': { label: '并行分支', description: '同时运行多个分支的步骤，全部完成后继续。' } },
  config: z.object({}).strict(),
  openBranches: true,
  outputs: [],
  idempotent: true,
  run: () => ({ all: true }),
})

export default defineServerPlugin(actionParallelPlugin, { actions: [parallel] })
