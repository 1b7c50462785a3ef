import { computed, defineComponent, ref, watch } from 'vue'
import { ElButton, ElButtonGroup, ElMessage, ElRadioButton, ElRadioGroup } from 'element-plus'
import { FieldValue, i18n, optionsOf, t, tagStyle, useViewContext, type RecordData } from '@docpal/plugin-sdk/client'
import { titleColumn, type CalendarConfig } from './config.ts'
import { addDays, addMonths, dayOf, format, monthGrid, todayKey, weekOf, weekStartFor } from './dates.ts'
import { dayValue, daysBetween, shiftValue } from './move.ts'
import { readPlace, writePlace, type Mode } from './place.ts'
import { styles } from './styles.ts'

/** The calendar shows at most this many records of its range (the API's page limit). */
const LIMIT = 1000

/**
 * Records on a month or week calendar, placed by the configured date field (and spanning to the end
 * date when one is configured). Only the visible range is loaded: the view type's `from`/`to` params.
 */
export const CalendarView = defineComponent({
  props: { viewId: { type: String, required: true } },
  setup(props) {
    const ctx = useViewContext()
    const config = computed(() => (ctx.view.value?.config ?? {}) as CalendarConfig)
    // The month or week on screen outlives the page for this tab: back from a record (or from the
    // form a clicked day opened), the calendar shows where the person was, not today.
    const place = readPlace(props.viewId)
    const mode = ref<Mode>(place?.mode ?? config.value.mode ?? 'month')
    const anchor = ref(place?.anchor ?? todayKey())
    watch([mode, anchor], () => writePlace(props.viewId, { mode: mode.value, anchor: anchor.value }))
    const records = ref<RecordData[]>([])
    const total = ref<number | undefined>()
    const error = ref<string | null>(null)
    const locale = computed(() => i18n.global.locale.value)
    const weekStart = computed(() => weekStartFor(locale.value))

    const visible = computed(() => (mode.value === 'month' ? monthGrid(anchor.value, weekStart.value) : weekOf(anchor.value, weekStart.value)))
    const range = computed(() => {
      const from = visible.value[0]
      const to = visible.value.at(-1)
      if (from === undefined || to === undefined) throw new Error(`CalendarView: no days to show around ${anchor.value}`)
      return { from, to }
    })
    const columns = computed(() => {
      const table = ctx.table.value
      const byId = (id: string | undefined) => (id ? table?.columns.find((c) => c.id === id) : undefined)
      return {
        date: byId(config.value.dateFieldId),
        end: byId(config.value.endDateFieldId),
        color: byId(config.value.colorFieldId),
        title: ctx.view.value && table ? titleColumn(ctx.view.value, table) : undefined,
      }
    })
    /** Option id to its colour, for the colour field's options that have one. */
    const colors = computed(() => new Map(optionsOf(columns.value.color?.config ?? {}).map((o) => [o.id, o.color ?? null])))
    const eventStyle = (r: RecordData) => {
      const c = columns.value.color
      const option = c ? r.fields[c.name] : undefined
      const color = typeof option === 'string' ? colors.value.get(option) : undefined
      return color ? { ...styles.event, ...tagStyle(color) } : styles.event
    }

    // Drag an event to another day: the record and the day it was picked up from (a span shows on
    // several days; the move is by the days between where it was taken and where it is dropped).
    const dragging = ref<{ id: string; from: string } | null>(null)
    const over = ref<string | null>(null)
    // Touch and pen: HTML drag and drop is mouse-only on most touch browsers, so a finger drags
    // with pointer events (the event is captured; the day under the finger is the target). A touch
    // that does not move is a tap, which opens the record as a click does.
    let touch: { id: string; from: string; x: number; y: number; moved: boolean } | null = null
    let swallowClick = false
    const dayAt = (x: number, y: number) => document.elementFromPoint(x, y)?.closest<HTMLElement>('[data-test="calendar-day"]')?.dataset['date'] ?? null

    /** Saves the move at once on screen, then on the server; a refusal puts the event back and says why. */
    async function move(id: string, from: string, to: string) {
      const { date, end } = columns.value
      const r = records.value.find((x) => x.id === id)
      const delta = daysBetween(from, to)
      if (!date || !r || delta === 0) return
      const fields: Record<string, unknown> = { [date.name]: shiftValue(r.fields[date.name], delta) }
      if (end && r.fields[end.name]) fields[end.name] = shiftValue(r.fields[end.name], delta)
      const replace = (next: RecordData) => (records.value = records.value.map((x) => (x.id === id ? next : x)))
      replace({ ...r, fields: { ...r.fields, ...fields } })
      try {
        replace(await ctx.update(id, fields))
        error.value = null
      } catch (err) {
        replace(r)
        const message = t('view-calendar.moveFailed', { reason: err instanceof Error ? err.message : String(err) })
        error.value = message
        ElMessage.error({ message, grouping: true })
      }
    }

    /** A click on a day's empty space: a new record on that day, in the host's form. */
    function create(day: string) {
      const date = columns.value.date
      if (!date || !ctx.create) return
      ctx.create({ [date.name]: dayValue(day, (date.config as { includeTime?: boolean }).includeTime === true) })
    }

    let requested = 0
    async function load() {
      const ticket = ++requested
      try {
        const data = await ctx.load({ ...range.value, limit: LIMIT, count: 'true' })
        if (ticket !== requested) return // a later range was asked for meanwhile
        records.value = data.records
        total.value = data.total
        error.value = null
      } catch (err) {
        error.value = err instanceof Error ? err.message : String(err)
      }
    }
    watch(range, load, { immediate: true })

    /** Each visible day's records; a span shows on every day it covers. */
    const byDay = computed(() => {
      const out = new Map<string, RecordData[]>(visible.value.map((d) => [d, []]))
      const { date, end } = columns.value
      if (!date) return out
      for (const r of records.value) {
        const start = dayOf(r.fields[date.name])
        if (!start) continue
        const last = end ? dayOf(r.fields[end.name]) : undefined
        const stop = last && last > start ? last : start
        for (let d = start > range.value.from ? start : range.value.from; d <= stop && d <= range.value.to; d = addDays(d, 1)) out.get(d)?.push(r)
      }
      return out
    })

    const step = (n: number) => (anchor.value = mode.value === 'month' ? addMonths(anchor.value, n) : addDays(anchor.value, 7 * n))
    const heading = computed(() => {
      if (mode.value === 'month') return format(anchor.value, locale.value, { year: 'numeric', month: 'long' })
      const { from, to } = range.value
      return `${format(from, locale.value, { month: 'short', day: 'numeric' })} – ${format(to, locale.value, { year: 'numeric', month: 'short', day: 'numeric' })}`
    })

    const entry = (r: RecordData, day: string) => {
      const title = columns.value.title
      const value = title ? r.fields[title.name] : undefined
      return (
        <button
          key={r.id}
          type="button"
          style={eventStyle(r)}
          data-test="calendar-event"
          data-record={r.id}
          draggable="true"
          title={typeof value === 'string' ? value : undefined}
          onDragstart={(e: DragEvent) => {
            dragging.value = { id: r.id, from: day }
            e.dataTransfer?.setData('text/plain', r.id)
            if (e.dataTransfer) e.dataTransfer.effectAllowed = 'move'
          }}
          onDragend={() => ((dragging.value = null), (over.value = null))}
          onPointerdown={(e: PointerEvent) => {
            // A new gesture: a click left over from the last drag (some browsers send none) is forgotten.
            swallowClick = false
            if (e.pointerType === 'mouse') return
            touch = { id: r.id, from: day, x: e.clientX, y: e.clientY, moved: false }
            ;(e.currentTarget as HTMLElement).setPointerCapture(e.pointerId)
          }}
          onPointermove={(e: PointerEvent) => {
            if (!touch) return
            if (!touch.moved && Math.hypot(e.clientX - touch.x, e.clientY - touch.y) < 8) return
            touch.moved = true
            over.value = dayAt(e.clientX, e.clientY)
          }}
          onPointerup={(e: PointerEvent) => {
            const t0 = touch
            touch = null
            if (!t0?.moved) return
            const to = dayAt(e.clientX, e.clientY)
            over.value = null
            swallowClick = true
            if (to) void move(t0.id, t0.from, to)
          }}
          onPointercancel={() => ((touch = null), (over.value = null))}
          onClick={(e: MouseEvent) => {
            e.stopPropagation()
            // The click that ends a finger's drag is not a tap on the event.
            if (swallowClick) return void (swallowClick = false)
            ctx.open(r.id)
          }}
        >
          {title && value != null && value !== '' ? <FieldValue value={value} column={title} /> : t('view-calendar.untitled')}
        </button>
      )
    }

    const cell = (day: string) => {
      const today = day === todayKey()
      const outside = mode.value === 'month' && day.slice(0, 7) !== anchor.value.slice(0, 7)
      return (
        <div
          key={day}
          style={{
            ...styles.cell,
            minHeight: mode.value === 'month' ? '104px' : '360px',
            background: outside ? 'var(--el-fill-color-lighter)' : undefined,
            cursor: ctx.create ? 'copy' : undefined,
            ...(over.value === day ? styles.dropTarget : {}),
          }}
          data-test="calendar-day"
          data-date={day}
          title={ctx.create ? t('view-calendar.addHint') : undefined}
          onClick={() => create(day)}
          onDragover={(e: DragEvent) => {
            if (!dragging.value) return
            e.preventDefault() // allows the drop
            over.value = day
          }}
          onDragleave={() => over.value === day && (over.value = null)}
          onDrop={(e: DragEvent) => {
            e.preventDefault()
            const d = dragging.value
            dragging.value = null
            over.value = null
            if (d) void move(d.id, d.from, day)
          }}
        >
          <span
            style={{
              ...styles.dayNumber,
              background: today ? 'var(--el-color-primary)' : undefined,
              color: today ? '#fff' : outside ? 'var(--el-text-color-placeholder)' : undefined,
            }}
          >
            {Number(day.slice(8))}
          </span>
          {(byDay.value.get(day) ?? []).map((r) => entry(r, day))}
        </div>
      )
    }

    return () => {
      if (!columns.value.date)
        return (
          <div class="dp-empty" data-test="calendar-no-field">
            {t('view-calendar.noDateFieldSet')}
          </div>
        )
      return (
        <div data-test="calendar">
          <div style={styles.bar}>
            <ElButtonGroup>
              <ElButton data-test="calendar-prev" aria-label={t('view-calendar.previous')} onClick={() => step(-1)}>
                ‹
              </ElButton>
              <ElButton data-test="calendar-today" onClick={() => (anchor.value = todayKey())}>
                {t('view-calendar.today')}
              </ElButton>
              <ElButton data-test="calendar-next" aria-label={t('view-calendar.next')} onClick={() => step(1)}>
                ›
              </ElButton>
            </ElButtonGroup>
            <h2 style={styles.title} data-test="calendar-title">
              {heading.value}
            </h2>
            <ElRadioGroup modelValue={mode.value} data-test="calendar-mode" onUpdate:modelValue={(v: string | number | boolean | undefined) => (mode.value = v as Mode)}>
              <ElRadioButton value="month" data-test="calendar-mode-month">
                {t('view-calendar.month')}
              </ElRadioButton>
              <ElRadioButton value="week" data-test="calendar-mode-week">
                {t('view-calendar.week')}
              </ElRadioButton>
            </ElRadioGroup>
          </div>
          {error.value && (
            <p style={{ color: 'var(--el-color-danger)' }} data-test="view-error">
              {error.value}
            </p>
          )}
          {total.value !== undefined && total.value > records.value.length && (
            <p class="dp-muted">{t('view-calendar.truncated', { shown: records.value.length, total: total.value })}</p>
          )}
          <div style={styles.grid}>
            {visible.value.slice(0, 7).map((d) => (
              <div key={`h${d}`} style={styles.weekday}>
                {format(d, locale.value, { weekday: 'short' })}
              </div>
            ))}
            {visible.value.map(cell)}
          </div>
        </div>
      )
    }
  },
})
