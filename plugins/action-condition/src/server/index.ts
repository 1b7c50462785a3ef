import { defineAction, defineServerPlugin, z } from '@docpal/plugin-sdk'
import { actionConditionPlugin } from '../manifest.ts'
import { holds, type Test } from './holds.ts'

const Leaf = z
  .object({ left: z.unknown(), op: z.enum(['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'contains', 'notContains', 'empty', 'notEmpty']), right: z.unknown().optional() })
  .strict()
const TestSchema: z.ZodType<Test> = z.lazy(() => z.union([z.object({ and: z.array(TestSchema).max(100) }).strict(), z.object({ or: z.array(TestSchema).max(100) }).strict(), Leaf]))

/** Branches on the run's data: `then` when the test holds, `else` otherwise (variables are filled in before). */
export const condition = defineAction({
  type: 'condition',
  label: 'Condition',
  description: 'Takes the "then" branch when the test holds, else the "else" branch. Compare variables such as {{trigger.record.Amount}} with values.',
  translations: {
    'zh-CN': {
      label: '条件',
      description: '条件成立时走“则”分支，否则走“否则”分支。可将 {{trigger.record.Amount}} 等变量与值比较。',
      branches: { then: '则', else: '否则' },
      fields: { test: '条件', and: '全部满足', or: '任一满足', left: '左值', op: '比较方式', right: '右值' },
    },
  },
  config: z.object({ test: TestSchema }).strict(),
  branches: ['then', 'else'],
  outputs: [{ name: 'result', type: 'boolean' }],
  idempotent: true,
  run: (c) => {
    const result = holds(c.test)
    return { output: { result }, branch: result ? 'then' : 'else' }
  },
})

export default defineServerPlugin(actionConditionPlugin, { actions: [condition] })
