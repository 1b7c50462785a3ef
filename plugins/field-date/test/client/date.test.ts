import { describe, expect, it } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'
import { ElDatePicker, ElSelect, ElSwitch } from 'element-plus'
import { dateConfigSchema, dateValueSchema } from '../../src/shared/config.ts'
import plugin from '../../src/client/index.tsx'

const def = plugin.fieldTypes![0]!
const column = (config: Record<string, unknown>) => ({ id: 'c1', name: 'Due', type: 'date', config, required: false, order: 0 })
const picker = (w: VueWrapper) => w.findComponent(ElDatePicker)
const emitted = (w: VueWrapper) => (w.emitted('update:modelValue') ?? []).map((e) => e[0])

describe('field-date client half', () => {
  it('displays plain dates in the configured format, never shifted by the time zone', () => {
    expect(mount(def.display, { props: { value: '2026-01-31', column: column({}) } }).text()).toBe('2026-01-31')
    expect(mount(def.display, { props: { value: '2026-01-31', column: column({ format: 'DD/MM/YYYY' }) } }).text()).toBe('31/01/2026')
  })

  it('displays date-times in local time with the time of day added', () => {
    const iso = '2026-01-31T09:30:00.000Z'
    const local = new Date(iso)
    const hhmm = `${String(local.getHours()).padStart(2, '0')}:${String(local.getMinutes()).padStart(2, '0')}`
    expect(mount(def.display, { props: { value: iso, column: column({ includeTime: true, format: 'YYYY-MM-DD' }) } }).text()).toContain(hhmm)
  })

  it('edits a plain date as YYYY-MM-DD', () => {
    const editor = mount(def.editor!, { props: { modelValue: '2026-01-31', column: column({ format: 'DD/MM/YYYY' }) } })
    expect(picker(editor).props()).toMatchObject({ type: 'date', valueFormat: 'YYYY-MM-DD', format: 'DD/MM/YYYY' })
    picker(editor).vm.$emit('update:modelValue', '2026-02-01')
    picker(editor).vm.$emit('update:modelValue', null)
    expect(emitted(editor)).toEqual(['2026-02-01', null])
    expect(dateValueSchema({ includeTime: false, format: 'YYYY-MM-DD' }).safeParse('2026-02-01').success).toBe(true)
  })

  it('edits a date-time as an ISO instant in UTC', () => {
    const editor = mount(def.editor!, { props: { modelValue: '2026-01-31T09:30:00.000Z', column: column({ includeTime: true }) } })
    expect(picker(editor).props('type')).toBe('datetime')
    expect((picker(editor).props('modelValue') as Date).toISOString()).toBe('2026-01-31T09:30:00.000Z')
    picker(editor).vm.$emit('update:modelValue', new Date('2026-03-01T10:00:00Z'))
    expect(emitted(editor)).toEqual(['2026-03-01T10:00:00.000Z'])
    expect(dateValueSchema({ includeTime: true, format: 'YYYY-MM-DD' }).safeParse(emitted(editor)[0]).success).toBe(true)
  })

  it('config editor sets the format and the time, always valid for the server', () => {
    expect(dateConfigSchema.safeParse(def.defaultConfig!()).success).toBe(true)
    const cfg = mount(def.configEditor!, { props: { modelValue: {} } })
    cfg.findComponent(ElSwitch).vm.$emit('update:modelValue', true)
    cfg.findComponent(ElSelect).vm.$emit('update:modelValue', 'DD.MM.YYYY')
    expect(emitted(cfg)).toEqual([
      { includeTime: true, format: 'YYYY-MM-DD' },
      { includeTime: false, format: 'DD.MM.YYYY' },
    ])
    for (const c of emitted(cfg)) expect(dateConfigSchema.safeParse(c).success).toBe(true)
  })

  it('filters: a range for between, several days for in, one day otherwise', () => {
    const between = mount(def.filterInput!, { props: { modelValue: null, column: column({}), op: 'between' } })
    expect(picker(between).props()).toMatchObject({ type: 'daterange', valueFormat: 'YYYY-MM-DD' })
    picker(between).vm.$emit('update:modelValue', ['2026-01-01', '2026-01-31'])
    expect(emitted(between)).toEqual([['2026-01-01', '2026-01-31']])
    expect(picker(mount(def.filterInput!, { props: { modelValue: null, column: column({}), op: 'in' } })).props('type')).toBe('dates')
    expect(picker(mount(def.filterInput!, { props: { modelValue: null, column: column({ includeTime: true }), op: 'on' } })).props('type')).toBe('date')
    expect(picker(mount(def.filterInput!, { props: { modelValue: null, column: column({ includeTime: true }), op: 'after' } })).props('type')).toBe('datetime')
  })
})
