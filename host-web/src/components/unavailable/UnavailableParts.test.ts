import { afterEach, describe, expect, it } from 'vitest'
import { defineComponent, h, ref } from 'vue'
import { mount, type VueWrapper } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { i18n, type ColumnInfo } from '@docpal/plugin-sdk/client'
import { installMessages } from '../../i18n/install.ts'
import GridHeaderCell from '../grid/GridHeaderCell.vue'
import FieldDisplay from '../fields/FieldDisplay.vue'
import FieldEditor from '../fields/FieldEditor.vue'
import FormFieldRow from '../record/FormFieldRow.vue'
import UnavailableMark from './UnavailableMark.vue'
import { provideAppState } from '../../composables/useAppState.ts'
import { createAppState } from '../../services/app-state.ts'

installMessages()
const REASON = "Column 'Stars' is a 'rating' field, and the plugin that provides 'rating' is disabled or not installed."
const col = (extra: Record<string, unknown> = {}) => ({ id: 'c1', name: 'Stars', type: 'rating', config: {}, required: false, order: 0, ...extra }) as ColumnInfo
const gone = col({ available: false, unavailable: REASON })
const global = { plugins: [ElementPlus, i18n] }
let w: VueWrapper | undefined
afterEach(() => w?.unmount())

describe('unavailable columns', () => {
  it('mark nothing on a usable column', () => {
    w = mount(UnavailableMark, { props: { column: col() }, global })
    expect(w.html()).not.toContain('column-unavailable')
  })

  it("mute the grid header with a warning icon carrying the server's reason, and no computed-field mark", () => {
    w = mount(GridHeaderCell, { props: { column: gone, width: 160 }, global })
    expect(w.classes()).toContain('is-unavailable')
    const mark = w.get('[data-test=column-unavailable-Stars]')
    expect(mark.attributes('data-reason')).toBe(REASON)
    expect(mark.attributes('aria-label')).toBe(`Unavailable: ${REASON}`)
    expect(w.text()).not.toContain('ƒ')
  })

  it('show cells and editors as unavailable, with nothing to edit', () => {
    w = mount(FieldDisplay, { props: { value: 4, column: gone }, global })
    expect(w.get('[data-test=unavailable-value]').text()).toBe('Unavailable')
    expect(w.get('[data-test=unavailable-value]').attributes('title')).toBe(REASON)
    w.unmount()
    w = mount(FieldEditor, { props: { modelValue: 4, column: gone }, global })
    expect(w.find('input').exists()).toBe(false)
    expect(w.find('[data-test=unavailable-value]').exists()).toBe(true)
  })

  it('show a form row as unavailable, not as a computed field', () => {
    // A read-only row shows its value as the detail page does, which needs the app's state.
    const Host = defineComponent({
      setup() {
        provideAppState(createAppState(ref('app')))
        return () => h(FormFieldRow, { column: gone, required: true, writable: false, modelValue: null })
      },
    })
    w = mount(Host, { global })
    expect(w.find('[data-test=column-unavailable-Stars]').exists()).toBe(true)
    expect(w.get('[data-test=unavailable-value]').text()).toBe('Unavailable')
    expect(w.find('.dp-readonly-tag').exists()).toBe(false)
    expect(w.find('.dp-required').exists()).toBe(false)
  })

  it('fall back to a general explanation when the server gives none', () => {
    w = mount(FieldDisplay, { props: { value: null, column: col({ available: false }) }, global })
    expect(w.get('[data-test=unavailable-value]').attributes('title')).toContain('is disabled or not installed')
  })
})
