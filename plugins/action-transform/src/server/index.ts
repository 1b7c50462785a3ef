import { defineAction, defineServerPlugin, z } from '@docpal/plugin-sdk'
import { actionTransformPlugin } from '../manifest.ts'
import { evaluate, Operation } from './operations.ts'

const OutputName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_ ]{0,59}$/, 'Output names are letters, digits, spaces and _ (up to 60), starting with a letter or _.')

/**
 * Computes output variables (`steps.<id>.<name>`) from earlier variables: pick/rename fields, map
 * and filter lists, sum/count/min/max/avg, join, first/last. Pure: running it twice answers the same.
 */
export const transform = defineAction({
  type: 'transform',
  label: 'Transform data',
  description: 'Computes variables from lists and values (pick, rename, map, filter, sum, count, min, max, avg, join).',
  translations: {
    'zh-CN': {
      label: '转换数据',
      description: '从列表和值计算变量（选取、重命名、映射、筛选、求和、计数、最小、最大、平均、连接）。',
      fields: { outputs: '输出', op: '运算', value: '值', from: '来源', fields: '字段', rename: '重命名', field: '字段', is: '比较', separator: '分隔符' },
      help: { from: '一个值或列表，通常是一个变量，如 {{steps.lookup.records}}' },
      errors: { tooMany: '“{op}”最多处理 {max} 项；收到 {count} 项' },
    },
  },
  config: z
    .object({
      outputs: z.record(OutputName, Operation).refine((o) => Object.keys(o).length >= 1 && Object.keys(o).length <= 50, { error: 'Give 1 to 50 outputs.' }),
    })
    .strict(),
  idempotent: true,
  retry: { attempts: 1, backoffMs: 0 },
  run: (c) => ({ output: Object.fromEntries(Object.entries(c.outputs).map(([name, op]) => [name, evaluate(op) ?? null])) }),
})

export default defineServerPlugin(actionTransformPlugin, { actions: [transform] })
