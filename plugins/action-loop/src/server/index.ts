import { StepError, defineAction, defineServerPlugin, z } from '@docpal/plugin-sdk'
import { actionLoopPlugin } from '../manifest.ts'

/** A loop walks at most this many items (the kernel refuses more). */
const MAX_ITEMS = 1000

/**
 * Runs the steps of its `each` branch once per record a query finds (in its sort), or per item of
 * a list (`items`: e.g. {{steps.fetch.body.lines}}). Inside, {{loop.<this step id>.item}} is the
 * current record ({id, fields}) or item and {{loop.<this step id>.index}} its position. The items
 * are stored with the step, so a run resumed after a crash walks the same ones.
 */
export const loop = defineAction({
  type: 'loop',
  label: 'Loop over records',
  description: 'Runs its steps once for each record a query finds, or each item of a list.',
  translations: {
    'zh-CN': {
      label: '遍历记录',
      description: '对查询找到的每条记录或列表中的每一项运行一次其中的步骤。',
      branches: { each: '每一项' },
      fields: { tableId: '数据表', filter: '筛选条件', sort: '排序', limit: '最多条数', items: '列表' },
      help: {
        tableId: '要遍历其记录的数据表（id）',
        filter: '查询筛选：哪些记录',
        sort: '查询排序：按什么顺序',
        limit: `最多这么多条（默认且最多 ${MAX_ITEMS}）`,
        items: '或要遍历的列表，如 {{steps.fetch.body.lines}}',
      },
      errors: {
        notList: '“列表”必须是一个列表（现在是{kind}）',
        tooMany: '一次遍历最多 {max} 项（此列表有 {count} 项）',
      },
    },
  },
  config: z
    .object({
      tableId: z.string().min(1).max(100).optional().describe('The table whose records to walk (id)'),
      filter: z.unknown().optional().describe('Query filter: which records'),
      sort: z.unknown().optional().describe('Query sort: in which order'),
      limit: z.number().int().min(1).max(MAX_ITEMS).optional().describe(`At most this many (default and maximum ${MAX_ITEMS})`),
      items: z.unknown().optional().describe('Or a list to walk, e.g. {{steps.fetch.body.lines}}'),
    })
    .strict()
    .refine((c) => (c.tableId === undefined) !== (c.items === undefined), { error: 'Give either tableId (records) or items (a list).', path: ['tableId'] }),
  branches: ['each'],
  outputs: [
    { name: 'count', type: 'number' },
    { name: 'ids', type: 'ids' },
  ],
  fieldRefs: { table: 'tableId', queries: ['filter', 'sort'], loopVars: ['item.fields'] },
  idempotent: true,
  retry: { attempts: 3, backoffMs: 500 },
  run: async (c, ctx) => {
    if (c.tableId === undefined) {
      const items: unknown = c.items
      if (!Array.isArray(items)) throw new StepError('notList', 'items must be a list (it is {kind})', { kind: items === null ? 'empty' : typeof items })
      if (items.length > MAX_ITEMS) throw new StepError('tooMany', 'a loop walks at most {max} items (this list has {count})', { max: MAX_ITEMS, count: items.length })
      return { output: { count: items.length }, branch: 'each', each: items }
    }
    const records = await ctx.records.list(c.tableId, { filter: c.filter, sort: c.sort, limit: c.limit ?? MAX_ITEMS })
    return { output: { count: records.length, ids: records.map((r) => r.id) }, branch: 'each', each: records.map((r) => ({ id: r.id, fields: r.fields })) }
  },
})

export default defineServerPlugin(actionLoopPlugin, { actions: [loop] })
