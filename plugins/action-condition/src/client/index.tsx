import { defineComponent, type PropType } from 'vue'
import { ElButton, ElInput, ElOption, ElSelect } from 'element-plus'
import { defineClientPlugin, stepEditorProps, useI18n } from '@docpal/plugin-sdk/client'

type Op = 'eq' | 'neq' | 'gt' | 'gte' | 'lt' | 'lte' | 'contains' | 'notContains' | 'empty' | 'notEmpty'
interface Leaf {
  left?: unknown
  op: Op
  right?: unknown
}
type Test = { and: Test[] } | { or: Test[] } | Leaf

const OPS: ReadonlyArray<Op> = ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'contains', 'notContains', 'empty', 'notEmpty']
const UNARY = new Set<Op>(['empty', 'notEmpty'])

const isLeaf = (t: Test): t is Leaf => 'op' in t
/** One level of and/or over comparisons: what this editor shows as rows (deeper tests keep the generated form's JSON). */
function rowsOf(test: unknown): { mode: 'and' | 'or'; rows: Leaf[] } | undefined {
  if (test === undefined || test === null) return { mode: 'and', rows: [] }
  const t = test as Test
  if (typeof t !== 'object') return undefined
  if (isLeaf(t)) return { mode: 'and', rows: [t] }
  // A new step's empty test ({} or a half-made one) starts as no rows.
  if (!('and' in t) && !('or' in t)) return { mode: 'and', rows: [] }
  const list = 'and' in t ? t.and : t.or
  if (!Array.isArray(list) || !list.every(isLeaf)) return undefined
  return { mode: 'and' in t ? 'and' : 'or', rows: list }
}
const text = (v: unknown): string => (v === undefined || v === null ? '' : typeof v === 'string' ? v : JSON.stringify(v))

/**
 * The condition step's editor: rows "value – comparison – value" joined by all/any, where a value
 * is a variable picked from the run's (or typed) and the other usually a constant. A test nested
 * deeper than one and/or (made through the API) is shown as JSON and edited as such.
 */
const ConditionEditor = defineComponent({
  name: 'ConditionEditor',
  props: { ...stepEditorProps, modelValue: { type: Object as PropType<{ test?: unknown } | null>, default: null } },
  emits: ['update:modelValue'],
  setup(p, { emit }) {
    const { t } = useI18n()
    const k = (key: string) => t(`action-condition.${key}`)
    const save = (mode: 'and' | 'or', rows: Leaf[]) => emit('update:modelValue', { test: mode === 'and' ? { and: rows } : { or: rows } })
    return () => {
      const parsed = rowsOf(p.modelValue?.test)
      if (!parsed) {
        return (
          <ElInput
            type="textarea"
            autosize={{ minRows: 3 }}
            modelValue={JSON.stringify(p.modelValue?.test ?? null, null, 2)}
            data-test="condition-json"
            onUpdate:modelValue={(v: string) => {
              try {
                emit('update:modelValue', { test: JSON.parse(v) as unknown })
              } catch {
                // Half-typed JSON stays in the box; the server refuses it at save if it stays so.
              }
            }}
          />
        )
      }
      const { mode, rows } = parsed
      const tokens = p.variables.flatMap((g) => g.tokens.map((x) => ({ value: x.token, label: `${g.label} › ${x.label}` })))
      const setRow = (i: number, patch: Partial<Leaf>) =>
        save(
          mode,
          rows.map((r, j) => (j === i ? { ...r, ...patch } : r)),
        )
      return (
        <div class="dp-condition" data-test="condition-editor">
          <div style={{ display: 'flex', gap: '8px', alignItems: 'center', marginBottom: '8px' }}>
            <span>{k('when')}</span>
            <ElSelect size="small" style={{ width: '150px' }} modelValue={mode} data-test="condition-mode" onUpdate:modelValue={(m: 'and' | 'or') => save(m, rows)}>
              <ElOption value="and" label={k('all')} />
              <ElOption value="or" label={k('any')} />
            </ElSelect>
          </div>
          {rows.map((r, i) => (
            <div key={i} style={{ display: 'flex', flexWrap: 'wrap', gap: '6px', marginBottom: '6px' }} data-test="condition-row">
              <ElSelect
                style={{ flex: '1 1 180px', minWidth: '140px' }}
                filterable
                allowCreate
                defaultFirstOption
                placeholder={k('value')}
                modelValue={text(r.left)}
                data-test="condition-left"
                onUpdate:modelValue={(v: string) => setRow(i, { left: v })}
              >
                {tokens.map((o) => (
                  <ElOption key={o.value} value={o.value} label={o.label} />
                ))}
              </ElSelect>
              <ElSelect
                // The shell's dp-select-fit lets it grow with the chosen operator on a desktop
                // ("does not con…" was cut at 150px); 150px stays its least and its phone width.
                class="dp-select-fit"
                style={{ '--el-select-width': '150px', minWidth: '150px' }}
                modelValue={r.op}
                data-test="condition-op"
                onUpdate:modelValue={(op: Op) => setRow(i, UNARY.has(op) ? { op, right: undefined } : { op })}
              >
                {OPS.map((op) => (
                  <ElOption key={op} value={op} label={k(`op.${op}`)} />
                ))}
              </ElSelect>
              {UNARY.has(r.op) ? null : (
                <ElInput
                  style={{ flex: '1 1 140px', minWidth: '120px' }}
                  placeholder={k('compareWith')}
                  modelValue={text(r.right)}
                  data-test="condition-right"
                  onUpdate:modelValue={(v: string) => setRow(i, { right: v })}
                />
              )}
              <ElButton
                text
                type="danger"
                aria-label={k('remove')}
                data-test="condition-remove"
                onClick={() =>
                  save(
                    mode,
                    rows.filter((_, j) => j !== i),
                  )
                }
              >
                ✕
              </ElButton>
            </div>
          ))}
          <ElButton size="small" data-test="condition-add" onClick={() => save(mode, [...rows, { left: '', op: 'eq', right: '' }])}>
            + {k('add')}
          </ElButton>
        </div>
      )
    }
  },
})

const ops = (labels: Record<Op, string>) => labels

export default defineClientPlugin({
  id: 'action-condition',
  workflowSteps: [{ type: 'condition', configEditor: ConditionEditor }],
  messages: {
    en: {
      when: 'Take "then" when',
      all: 'all of these hold',
      any: 'any of these holds',
      value: 'A variable or a value',
      compareWith: 'Compare with',
      remove: 'Remove this comparison',
      add: 'Add a comparison',
      op: ops({
        eq: 'is',
        neq: 'is not',
        gt: '>',
        gte: '≥',
        lt: '<',
        lte: '≤',
        contains: 'contains',
        notContains: 'does not contain',
        empty: 'is empty',
        notEmpty: 'is not empty',
      }),
    },
    'zh-CN': {
      when: '满足以下条件时走“则”分支',
      all: '全部成立',
      any: '任一成立',
      value: '变量或值',
      compareWith: '比较值',
      remove: '删除此比较',
      add: '添加比较',
      op: ops({ eq: '等于', neq: '不等于', gt: '>', gte: '≥', lt: '<', lte: '≤', contains: '包含', notContains: '不包含', empty: '为空', notEmpty: '不为空' }),
    },
  },
})
