import { computed, defineComponent, nextTick, onMounted, ref, watch } from 'vue'
import { ElButton, ElButtonGroup, ElMessage, ElRadioButton, ElRadioGroup } from 'element-plus'
import { FieldValue, i18n, t, useViewContext, type ColumnInfo, type RecordData } from '@docpal/plugin-sdk/client'
import { labelColumn, type GanttConfig } from './config.ts'
import { addDays, dayOf, daysBetween, format, shiftValue, startOfWeek, todayKey } from './dates.ts'
import { useBarDrag, type DragMode } from './drag.ts'
import { barLabelsOutside, BAR_PADDING } from './bar-label.ts'

const LIMIT = 1000
const ROW = 36
// The label column yields to the timeline on a phone.
const LABEL_WIDTH = 'min(200px, 32vw)'
/** Per scale: pixels per day, days shown, days one prev/next step moves, days before today shown. */
const SCALES = {
  day: { dayWidth: 36, span: 35, step: 7, lead: 7 },
  week: { dayWidth: 10, span: 119, step: 28, lead: 14 },
} as const
type Scale = keyof typeof SCALES

// The chart is one scroller for both directions, no taller than the view: its date header sticks
// to the top and the label column to the left. (The page used to scroll the rows, and the header
// with them, out of sight, and the first month's name was scrolled off to the left on opening.)
const styles = {
  root: { display: 'flex', flexDirection: 'column', height: '100%', minHeight: 0 },
  bar: { display: 'flex', alignItems: 'center', gap: '12px', flexWrap: 'wrap', marginBottom: '12px', flex: 'none' },
  title: { fontSize: '18px', fontWeight: 600, margin: 0, flex: 1, minWidth: '160px' },
  chart: {
    flex: '0 1 auto',
    minHeight: 0,
    overflow: 'auto',
    border: '1px solid var(--el-border-color-lighter)',
    borderRadius: '8px',
    background: 'var(--el-bg-color)',
  },
  sheet: { display: 'flex', minWidth: '100%' },
  labels: {
    flex: `0 0 ${LABEL_WIDTH}`,
    borderRight: '1px solid var(--el-border-color-lighter)',
    minWidth: 0,
    position: 'sticky',
    left: 0,
    zIndex: 3,
    background: 'var(--el-bg-color)',
  },
  label: {
    height: `${ROW}px`,
    lineHeight: `${ROW}px`,
    padding: '0 10px',
    whiteSpace: 'nowrap',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    borderBottom: '1px solid var(--el-border-color-extra-light)',
    cursor: 'pointer',
  },
  timeline: { flex: 'none', position: 'relative' },
  head: {
    height: `${ROW * 1.5}px`,
    position: 'sticky',
    top: 0,
    zIndex: 2,
    background: 'var(--el-bg-color)',
    borderBottom: '1px solid var(--el-border-color-lighter)',
    fontSize: '11px',
    color: 'var(--el-text-color-secondary)',
  },
  months: { position: 'absolute', top: 0, left: 0, height: '50%', display: 'flex' },
  month: { flex: 'none', borderLeft: '1px solid var(--el-border-color-extra-light)', overflow: 'clip', boxSizing: 'border-box' },
  // Sticks beside the label column: the month of the first day in sight is always named.
  monthLabel: {
    position: 'sticky',
    left: LABEL_WIDTH,
    display: 'inline-block',
    paddingLeft: '3px',
    whiteSpace: 'nowrap',
    fontWeight: 600,
    color: 'var(--el-text-color-regular)',
  },
  tick: { position: 'absolute', top: 0, bottom: 0, borderLeft: '1px solid var(--el-border-color-extra-light)', paddingLeft: '3px', whiteSpace: 'nowrap', overflow: 'hidden' },
  row: { height: `${ROW}px`, position: 'relative', borderBottom: '1px solid var(--el-border-color-extra-light)' },
  gantBar: {
    position: 'absolute',
    top: '6px',
    height: `${ROW - 12}px`,
    borderRadius: '6px',
    background: 'var(--el-color-primary-light-5)',
    border: '1px solid var(--el-color-primary)',
    color: 'var(--el-color-primary-dark-2)',
    fontSize: '12px',
    lineHeight: `${ROW - 14}px`,
    padding: `0 ${BAR_PADDING}px`,
    whiteSpace: 'nowrap',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    cursor: 'grab',
    userSelect: 'none',
    touchAction: 'none',
    boxSizing: 'border-box',
  },
  barLabel: { display: 'block', overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
  // A label too long for its bar is shown beside it, at its right, in the page's text colour.
  barLabelOutside: {
    position: 'absolute',
    top: 0,
    left: 'calc(100% + 6px)',
    whiteSpace: 'nowrap',
    color: 'var(--el-text-color-regular)',
  },
  handle: (side: 'left' | 'right') =>
    ({
      position: 'absolute',
      top: 0,
      bottom: 0,
      left: side === 'left' ? 0 : undefined,
      right: side === 'right' ? 0 : undefined,
      width: '8px',
      cursor: 'ew-resize',
      touchAction: 'none',
    }) as const,
} as const

/**
 * Records as bars from a start to an end date on a day or week timeline. Dragging a bar moves both
 * dates, dragging an edge moves one; the change is written through the view context.
 */
export const GanttView = defineComponent({
  props: { viewId: { type: String, required: true } },
  setup() {
    const ctx = useViewContext()
    const scale = ref<Scale>('day')
    const anchor = ref(todayKey())
    const records = ref<RecordData[]>([])
    const total = ref<number | undefined>()
    const error = ref<string | null>(null)
    const locale = computed(() => i18n.global.locale.value)

    const config = computed(() => (ctx.view.value?.config ?? {}) as GanttConfig)
    const cols = computed(() => {
      const table = ctx.table.value
      const byId = (id: string | undefined): ColumnInfo | undefined => (id ? table?.columns.find((c) => c.id === id) : undefined)
      return { start: byId(config.value.startFieldId), end: byId(config.value.endFieldId), label: table ? labelColumn(config.value, table) : undefined }
    })
    const s = computed(() => SCALES[scale.value])
    const from = computed(() => addDays(startOfWeek(anchor.value), -s.value.lead))
    const to = computed(() => addDays(from.value, s.value.span - 1))
    const width = computed(() => s.value.span * s.value.dayWidth)

    let requested = 0
    async function load() {
      const ticket = ++requested
      try {
        const data = await ctx.load({ from: from.value, to: to.value, limit: LIMIT, count: 'true' })
        if (ticket !== requested) return
        records.value = data.records
        total.value = data.total
        error.value = null
      } catch (err) {
        error.value = err instanceof Error ? err.message : String(err)
      }
    }
    watch([from, to], load, { immediate: true })

    // Today starts near the left edge of the scroller, whatever the screen width.
    const scroller = ref<HTMLElement | null>(null)
    watch(
      [() => scroller.value, scale, anchor],
      async () => {
        await nextTick()
        if (scroller.value) scroller.value.scrollLeft = Math.max(0, daysBetween(anchor.value, from.value) - 2) * s.value.dayWidth
      },
      { immediate: true },
    )

    /** A record's days, end never before start. */
    function span(r: RecordData): { start: string; end: string } | undefined {
      const { start: sc, end: ec } = cols.value
      const start = sc ? dayOf(r.fields[sc.name]) : undefined
      if (!start) return undefined
      const end = ec ? dayOf(r.fields[ec.name]) : undefined
      return { start, end: end && end > start ? end : start }
    }

    /** Writes the new dates at once, and puts them back if the server refuses. */
    async function drop(id: string, mode: DragMode, delta: number) {
      const { start: sc, end: ec } = cols.value
      const i = records.value.findIndex((r) => r.id === id)
      const before = records.value[i]
      const days = before && span(before)
      if (!sc || !ec || !before || !days) return
      const fields: Record<string, unknown> = {}
      // A resize never lets the end pass the start (or the reverse): the bar keeps at least one day.
      const maxStart = daysBetween(days.end, days.start)
      if (mode !== 'end') fields[sc.name] = shiftValue(before.fields[sc.name], mode === 'start' ? Math.min(delta, maxStart) : delta)
      if (mode !== 'start') fields[ec.name] = shiftValue(before.fields[ec.name] ?? before.fields[sc.name], mode === 'end' ? Math.max(delta, -maxStart) : delta)
      records.value.splice(i, 1, { ...before, fields: { ...before.fields, ...fields } })
      try {
        await ctx.update(id, fields)
      } catch (err) {
        const j = records.value.findIndex((r) => r.id === id)
        if (j >= 0) records.value.splice(j, 1, before)
        ElMessage({ type: 'error', message: err instanceof Error ? err.message : String(err), showClose: true })
      }
    }
    const drag = useBarDrag(
      () => s.value.dayWidth,
      (id, mode, delta) => void drop(id, mode, delta),
      (id) => ctx.open(id),
    )

    /** Left offset and width of a bar, with the drag in progress applied. */
    function geometry(r: RecordData, days: { start: string; end: string }) {
      const d = drag.state.value?.id === r.id ? drag.state.value : null
      const length = daysBetween(days.end, days.start)
      let start = daysBetween(days.start, from.value)
      let end = start + length
      if (d?.mode === 'move') {
        start += d.delta
        end += d.delta
      }
      if (d?.mode === 'start') start = Math.min(start + d.delta, end)
      if (d?.mode === 'end') end = Math.max(end + d.delta, start)
      return { left: start * s.value.dayWidth, width: (end - start + 1) * s.value.dayWidth }
    }

    const ticks = computed(() => {
      const out: Array<{ day: string; left: number; label: string; strong: boolean }> = []
      for (let i = 0; i < s.value.span; i++) {
        const day = addDays(from.value, i)
        const first = day.endsWith('-01')
        if (scale.value === 'day') out.push({ day, left: i * s.value.dayWidth, label: format(day, locale.value, { day: 'numeric' }), strong: first })
        else if (i % 7 === 0) out.push({ day, left: i * s.value.dayWidth, label: format(day, locale.value, { month: 'short', day: 'numeric' }), strong: false })
      }
      return out
    })
    /** The months of the range, each as wide as its days in it. */
    const months = computed(() => {
      const out: Array<{ day: string; width: number; label: string }> = []
      for (let i = 0; i < s.value.span; i++) {
        const day = addDays(from.value, i)
        const last = out[out.length - 1]
        if (i === 0 || day.endsWith('-01') || !last) out.push({ day, width: s.value.dayWidth, label: format(day, locale.value, { year: 'numeric', month: 'short' }) })
        else last.width += s.value.dayWidth
      }
      return out
    })
    // Which bars show their label beside them: measured in the page once it shows what can change a
    // label's fit (the records, their dates and label column, the day width, the range, the
    // locale a label is written in), not after every render: a drag re-renders on each step and
    // measuring then read every bar's width each frame. A drag's new dates are written into the
    // records on drop, which measures again.
    const outside = ref<ReadonlySet<string>>(new Set())
    function measureLabels() {
      if (!scroller.value) return
      const next = barLabelsOutside(scroller.value)
      if (next.size !== outside.value.size || [...next].some((id) => !outside.value.has(id))) outside.value = next
    }
    onMounted(measureLabels)
    // The spread tracks the list itself (a drop replaces one record in place), not the records' insides.
    watch([() => [...records.value], cols, () => s.value.dayWidth, from, to, locale, scroller], measureLabels, { flush: 'post' })

    const todayLeft = computed(() => daysBetween(todayKey(), from.value) * s.value.dayWidth)

    const bar = (r: RecordData) => {
      const days = span(r)
      if (!days) return null
      const g = geometry(r, days)
      const label = cols.value.label
      const value = label ? r.fields[label.name] : undefined
      const beside = outside.value.has(r.id)
      return (
        <div
          class="dp-gantt-bar"
          data-test="gantt-bar"
          data-record={r.id}
          data-label-outside={beside ? 'true' : undefined}
          style={{
            ...styles.gantBar,
            left: `${g.left}px`,
            width: `${g.width}px`,
            opacity: drag.state.value?.id === r.id ? 0.8 : 1,
            overflow: beside ? 'visible' : 'hidden',
          }}
          title={`${days.start} – ${days.end}`}
          onPointerdown={(e: PointerEvent) => drag.begin(e, r.id, 'move')}
        >
          <span data-test="gantt-bar-start" style={styles.handle('left')} onPointerdown={(e: PointerEvent) => drag.begin(e, r.id, 'start')} />
          <span data-test="gantt-bar-label" style={beside ? styles.barLabelOutside : styles.barLabel}>
            {label && value != null && value !== '' ? <FieldValue value={value} column={label} /> : t('view-gantt.untitled')}
          </span>
          <span data-test="gantt-bar-end" style={styles.handle('right')} onPointerdown={(e: PointerEvent) => drag.begin(e, r.id, 'end')} />
        </div>
      )
    }

    const step = (n: number) => (anchor.value = addDays(anchor.value, n * s.value.step))

    return () => {
      if (!cols.value.start || !cols.value.end)
        return (
          <div class="dp-empty" data-test="gantt-no-field">
            {t('view-gantt.noFields')}
          </div>
        )
      const rows = records.value.filter((r) => span(r))
      const label = cols.value.label
      return (
        <div data-test="gantt" style={styles.root}>
          <div style={styles.bar}>
            <ElButtonGroup>
              <ElButton data-test="gantt-prev" aria-label={t('view-gantt.previous')} onClick={() => step(-1)}>
                ‹
              </ElButton>
              <ElButton data-test="gantt-today" onClick={() => (anchor.value = todayKey())}>
                {t('view-gantt.today')}
              </ElButton>
              <ElButton data-test="gantt-next" aria-label={t('view-gantt.next')} onClick={() => step(1)}>
                ›
              </ElButton>
            </ElButtonGroup>
            <h2 style={styles.title} data-test="gantt-range">
              {format(from.value, locale.value, { month: 'short', day: 'numeric' })} – {format(to.value, locale.value, { year: 'numeric', month: 'short', day: 'numeric' })}
            </h2>
            <ElRadioGroup modelValue={scale.value} onUpdate:modelValue={(v: string | number | boolean | undefined) => (scale.value = v as Scale)}>
              <ElRadioButton value="day" data-test="gantt-scale-day">
                {t('view-gantt.days')}
              </ElRadioButton>
              <ElRadioButton value="week" data-test="gantt-scale-week">
                {t('view-gantt.weeks')}
              </ElRadioButton>
            </ElRadioGroup>
          </div>
          {error.value && (
            <p style={{ color: 'var(--el-color-danger)', flex: 'none' }} data-test="view-error">
              {error.value}
            </p>
          )}
          {total.value !== undefined && total.value > records.value.length && (
            <p class="dp-muted" style={{ flex: 'none' }}>
              {t('view-gantt.truncated', { shown: records.value.length, total: total.value })}
            </p>
          )}
          <div style={styles.chart} ref={scroller} data-test="gantt-chart">
            <div style={styles.sheet}>
              <div style={styles.labels}>
                <div style={{ ...styles.head, padding: '0 10px', lineHeight: `${ROW * 1.5}px`, fontSize: '12px' }}>{label?.name}</div>
                {rows.map((r) => (
                  <div key={r.id} style={styles.label} data-test="gantt-label" onClick={() => ctx.open(r.id)}>
                    {label && r.fields[label.name] != null ? <FieldValue value={r.fields[label.name]} column={label} /> : t('view-gantt.untitled')}
                  </div>
                ))}
                {rows.length === 0 && (
                  // Wraps inside the label column (cut to "No records in this ra…" before).
                  <div
                    style={{ ...styles.label, cursor: 'default', height: 'auto', minHeight: `${ROW}px`, lineHeight: '1.4', padding: '8px 10px', whiteSpace: 'normal' }}
                    class="dp-muted"
                    data-test="gantt-empty"
                  >
                    {t('view-gantt.empty')}
                  </div>
                )}
              </div>
              <div style={{ ...styles.timeline, width: `${width.value}px` }} data-test="gantt-timeline" data-from={from.value} data-day-width={s.value.dayWidth}>
                <div style={styles.head} data-test="gantt-head">
                  <div style={styles.months}>
                    {months.value.map((m) => (
                      <div key={m.day} style={{ ...styles.month, width: `${m.width}px` }}>
                        <span style={styles.monthLabel} data-test="gantt-month">
                          {m.label}
                        </span>
                      </div>
                    ))}
                  </div>
                  {ticks.value.map((tk) => (
                    <div
                      key={tk.day}
                      style={{
                        ...styles.tick,
                        top: '50%',
                        left: `${tk.left}px`,
                        width: scale.value === 'day' ? `${s.value.dayWidth}px` : undefined,
                        fontWeight: tk.strong ? 600 : 400,
                      }}
                    >
                      {tk.label}
                    </div>
                  ))}
                </div>
                {todayLeft.value >= 0 && todayLeft.value < width.value && (
                  <div
                    style={{
                      position: 'absolute',
                      top: `${ROW * 1.5}px`,
                      bottom: 0,
                      left: `${todayLeft.value}px`,
                      width: `${s.value.dayWidth}px`,
                      background: 'var(--el-color-primary-light-9)',
                    }}
                  />
                )}
                {rows.map((r) => (
                  <div key={r.id} style={styles.row} data-test="gantt-row">
                    {bar(r)}
                  </div>
                ))}
                {rows.length === 0 && <div style={styles.row} />}
              </div>
            </div>
          </div>
        </div>
      )
    }
  },
})
