import { computed, defineComponent, onMounted, ref } from 'vue'
import { ElDropdown, ElDropdownItem, ElDropdownMenu, ElMessage } from 'element-plus'
import { FieldValue, t, useViewContext, type RecordData } from '@docpal/plugin-sdk/client'
import { cardLayout, optionsOf, type KanbanConfig } from './config.ts'

/** The board holds this many cards; the API answers at most this many per request. */
const LIMIT = 1000
const NO_VALUE = ''

interface Lane {
  id: string
  label: string
  color: string | null | undefined
  records: RecordData[]
}

// The board fills the view's height and each lane scrolls its own cards: a board as tall as its
// longest lane put its horizontal scrollbar below the fold, so the last columns could not be
// reached without first scrolling the page down (found at 1366x768).
const styles = {
  frame: { display: 'flex', flexDirection: 'column', height: '100%', minWidth: 0 },
  board: { display: 'flex', gap: '12px', alignItems: 'flex-start', overflowX: 'auto', paddingBottom: '8px', flex: '1 1 auto', minHeight: 0 },
  lane: {
    flex: '0 0 min(272px, 80vw)',
    maxHeight: '100%',
    minHeight: 0,
    boxSizing: 'border-box',
    background: 'var(--el-fill-color-light)',
    borderRadius: '8px',
    padding: '8px',
    display: 'flex',
    flexDirection: 'column',
    gap: '8px',
    transition: 'outline-color 0.1s',
  },
  head: { display: 'flex', alignItems: 'center', gap: '6px', fontWeight: 600, padding: '2px 4px', flex: 'none' },
  dot: (color: string | null | undefined) => ({ width: '10px', height: '10px', borderRadius: '50%', background: color ?? 'var(--el-border-color)', flex: 'none' }),
  // Padding keeps the cards' shadows inside the scrolling list.
  cards: { display: 'flex', flexDirection: 'column', gap: '8px', minHeight: '48px', overflowY: 'auto', padding: '2px', margin: '-2px' },
  card: {
    background: 'var(--el-bg-color)',
    border: '1px solid var(--el-border-color-lighter)',
    borderRadius: '6px',
    padding: '8px 10px',
    cursor: 'grab',
    boxShadow: 'var(--el-box-shadow-lighter)',
  },
  title: { fontWeight: 600, marginBottom: '4px', wordBreak: 'break-word', display: 'flex', alignItems: 'flex-start', gap: '6px' },
  move: {
    border: 'none',
    background: 'transparent',
    color: 'var(--el-text-color-secondary)',
    cursor: 'pointer',
    padding: '0 4px',
    fontSize: '16px',
    lineHeight: 1,
    borderRadius: '4px',
  },
  field: { display: 'flex', gap: '6px', fontSize: '12px', alignItems: 'baseline', minWidth: 0 },
  fieldName: { color: 'var(--el-text-color-secondary)', flex: 'none' },
} as const

/**
 * Cards in columns, one per option of the configured single-select field plus "No value". Dragging
 * a card to another column writes that option to the record (HTML5 drag and drop); each card's
 * "Move to" menu does the same where dragging is awkward: on a touch screen, from the keyboard.
 */
export const KanbanView = defineComponent({
  props: { viewId: { type: String, required: true } },
  setup() {
    const ctx = useViewContext()
    const records = ref<RecordData[]>([])
    const total = ref<number | undefined>()
    const error = ref<string | null>(null)
    const loaded = ref(false)
    const dragging = ref<string | null>(null)
    const over = ref<string | null>(null)

    const config = computed(() => (ctx.view.value?.config ?? {}) as KanbanConfig)
    const groupColumn = computed(() => ctx.table.value?.columns.find((c) => c.id === config.value.groupByFieldId))
    const layout = computed(() => (ctx.view.value && ctx.table.value ? cardLayout(ctx.view.value, ctx.table.value) : { title: undefined, fields: [] }))

    async function load() {
      try {
        const data = await ctx.load({ limit: LIMIT, count: 'true' })
        records.value = data.records
        total.value = data.total
        error.value = null
      } catch (err) {
        error.value = err instanceof Error ? err.message : String(err)
      } finally {
        loaded.value = true
      }
    }
    onMounted(load)

    const lanes = computed<Lane[]>(() => {
      const g = groupColumn.value
      if (!g) return []
      const options = optionsOf(g)
      const known = new Set(options.map((o) => o.id))
      const valueOf = (r: RecordData) => {
        const v = r.fields[g.name]
        return typeof v === 'string' && known.has(v) ? v : NO_VALUE
      }
      const out: Lane[] = options.map((o) => ({ id: o.id, label: o.label, color: o.color, records: [] }))
      const empty: Lane = { id: NO_VALUE, label: t('view-kanban.noValue'), color: null, records: [] }
      const laneById = new Map(out.map((l) => [l.id, l]))
      // valueOf names a lane of `out` or NO_VALUE, which is the empty lane.
      for (const r of records.value) (laneById.get(valueOf(r)) ?? empty).records.push(r)
      return config.value.hideEmptyColumn && empty.records.length === 0 ? out : [empty, ...out]
    })

    /** Moves the card at once and writes the option; a refused write puts it back. */
    async function move(recordId: string, laneId: string) {
      const g = groupColumn.value
      const i = records.value.findIndex((r) => r.id === recordId)
      const before = records.value[i]
      if (!g || !before || (before.fields[g.name] ?? NO_VALUE) === laneId) return
      const value = laneId === NO_VALUE ? null : laneId
      records.value.splice(i, 1, { ...before, fields: { ...before.fields, [g.name]: value } })
      try {
        const saved = await ctx.update(recordId, { [g.name]: value })
        const j = records.value.findIndex((r) => r.id === recordId)
        const current = records.value[j]
        if (current) records.value.splice(j, 1, { ...current, fields: { ...current.fields, [g.name]: saved.fields[g.name] ?? value } })
      } catch (err) {
        const j = records.value.findIndex((r) => r.id === recordId)
        if (j >= 0) records.value.splice(j, 1, before)
        ElMessage({ type: 'error', message: err instanceof Error ? err.message : String(err), showClose: true })
      }
    }

    const card = (r: RecordData) => {
      const { title, fields } = layout.value
      const titleValue = title ? r.fields[title.name] : undefined
      // Cards are only shown in lanes, and lanes only exist with a group column.
      const group = groupColumn.value
      const currentLane = group ? (r.fields[group.name] ?? NO_VALUE) : undefined
      return (
        <div
          key={r.id}
          class="dp-kanban-card"
          data-test="kanban-card"
          data-record={r.id}
          draggable="true"
          style={{ ...styles.card, opacity: dragging.value === r.id ? 0.4 : 1 }}
          onDragstart={(e: DragEvent) => {
            dragging.value = r.id
            e.dataTransfer?.setData('text/plain', r.id)
            if (e.dataTransfer) e.dataTransfer.effectAllowed = 'move'
          }}
          onDragend={() => {
            dragging.value = null
            over.value = null
          }}
          onClick={() => ctx.open(r.id)}
        >
          <div style={styles.title}>
            <span style={{ minWidth: 0 }}>
              {title && titleValue != null && titleValue !== '' ? <FieldValue value={titleValue} column={title} /> : <span class="dp-muted">{t('view-kanban.untitled')}</span>}
            </span>
            <ElDropdown trigger="click" style={{ marginLeft: 'auto', flex: 'none' }} onCommand={(laneId: string) => void move(r.id, laneId)}>
              {{
                default: () => (
                  <button
                    type="button"
                    style={styles.move}
                    data-test="kanban-move"
                    aria-label={t('view-kanban.moveTo')}
                    title={t('view-kanban.moveTo')}
                    onClick={(e: MouseEvent) => e.stopPropagation()}
                  >
                    ⋯
                  </button>
                ),
                dropdown: () => (
                  <ElDropdownMenu>
                    {lanes.value.map((l) => (
                      <ElDropdownItem key={l.id} command={l.id} disabled={currentLane === l.id} data-test="kanban-move-to" data-option={l.id}>
                        {t('view-kanban.moveToLane', { lane: l.label })}
                      </ElDropdownItem>
                    ))}
                  </ElDropdownMenu>
                ),
              }}
            </ElDropdown>
          </div>
          {fields.map((c) =>
            r.fields[c.name] == null || r.fields[c.name] === '' ? null : (
              <div key={c.id} style={styles.field}>
                <span style={styles.fieldName}>{c.name}</span>
                <span style={{ minWidth: 0, overflow: 'hidden' }}>
                  <FieldValue value={r.fields[c.name]} column={c} />
                </span>
              </div>
            ),
          )}
        </div>
      )
    }

    const lane = (l: Lane) => (
      <section
        key={l.id}
        class="dp-kanban-lane"
        data-test="kanban-column"
        data-option={l.id}
        style={{ ...styles.lane, outline: over.value === l.id ? '2px dashed var(--el-color-primary)' : '2px dashed transparent' }}
        onDragover={(e: DragEvent) => {
          e.preventDefault()
          if (e.dataTransfer) e.dataTransfer.dropEffect = 'move'
          over.value = l.id
        }}
        onDragleave={(e: DragEvent) => {
          if (!(e.currentTarget as HTMLElement).contains(e.relatedTarget as Node | null)) over.value = null
        }}
        onDrop={(e: DragEvent) => {
          e.preventDefault()
          const id = e.dataTransfer?.getData('text/plain') || dragging.value
          over.value = null
          dragging.value = null
          if (id) void move(id, l.id)
        }}
      >
        <header style={styles.head}>
          <span style={styles.dot(l.color)} />
          <span style={{ color: l.id === NO_VALUE ? 'var(--el-text-color-secondary)' : undefined }}>{l.label}</span>
          <span class="dp-muted" style={{ fontWeight: 400 }} data-test="kanban-count">
            {l.records.length}
          </span>
        </header>
        <div style={styles.cards}>{l.records.map(card)}</div>
      </section>
    )

    return () => {
      if (error.value)
        return (
          <div data-test="view-error" style={{ color: 'var(--el-color-danger)' }}>
            {error.value}
          </div>
        )
      if (!loaded.value) return <div class="dp-muted">{t('view-kanban.loading')}</div>
      if (!groupColumn.value)
        return (
          <div class="dp-empty" data-test="kanban-no-field">
            {t('view-kanban.noGroupField')}
          </div>
        )
      return (
        <div data-test="kanban-board" style={styles.frame}>
          {total.value !== undefined && total.value > records.value.length && (
            <p class="dp-muted" style={{ marginTop: 0, flex: 'none' }}>
              {t('view-kanban.truncated', { shown: records.value.length, total: total.value })}
            </p>
          )}
          <div style={styles.board} data-test="kanban-lanes">
            {lanes.value.map(lane)}
          </div>
        </div>
      )
    }
  },
})
