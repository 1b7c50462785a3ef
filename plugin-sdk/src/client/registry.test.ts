import { describe, expect, it } from 'vitest'
import { computed, defineComponent, h, isReactive, type Component } from 'vue'
import { ClientRegistry } from './registry.ts'
import { defineClientPlugin } from './define.ts'
import { i18n } from './i18n.ts'

// Plain component objects: the registry takes any Vue component, and these stubs need no more.
const Show: Component = { setup: () => () => h('span', 'v') }
const Other: Component = { setup: () => () => h('span', 'w') }

const rating = (display = Show) =>
  defineClientPlugin({
    id: 'field-rating',
    fieldTypes: [{ type: 'rating', display, defaultConfig: () => ({ max: 5 }) }],
    viewTypes: [{ type: 'board', renderer: Show }],
    widgets: [{ type: 'stars-chart', renderer: Show, defaultConfig: () => ({ bins: 5 }) }],
    messages: { en: { label: 'Rating' }, 'zh-CN': { label: '评分' } },
  })

describe('client registry', () => {
  it('looks field and view types up by type, tagged with their plugin', () => {
    const r = new ClientRegistry()
    r.register(rating())
    expect(r.fieldType('rating')).toMatchObject({ type: 'rating', pluginId: 'field-rating' })
    expect(r.fieldType('rating')?.defaultConfig?.()).toEqual({ max: 5 })
    expect(r.viewType('board')?.pluginId).toBe('field-rating')
    expect(r.widget('stars-chart')).toMatchObject({ pluginId: 'field-rating' })
    expect(r.widget('stars-chart')?.defaultConfig?.(undefined)).toEqual({ bins: 5 })
    expect(isReactive(r.widget('stars-chart')?.renderer)).toBe(false)
    expect(r.fieldType('missing')).toBeUndefined()
  })

  it("names a field type in the reader's language from its plugin's messages, else by its type", () => {
    const r = new ClientRegistry()
    r.register(rating())
    r.register(
      defineClientPlugin({
        id: 'field-pair',
        fieldTypes: [
          { type: 'left', display: Show },
          { type: 'right', display: Show },
        ],
        messages: { en: { label: 'Pair', types: { left: 'Left side' } } },
      }),
    )
    expect(r.fieldTypeLabel('rating')).toBe('Rating')
    expect(r.fieldTypeLabel('left')).toBe('Left side')
    // A plugin of two types: its one label names neither.
    expect(r.fieldTypeLabel('right')).toBe('right')
    expect(r.fieldTypeLabel('missing')).toBe('missing')
    i18n.global.locale.value = 'zh-CN'
    try {
      expect(r.fieldTypeLabel('rating')).toBe('评分')
      expect(r.fieldTypeLabel('left')).toBe('Left side')
    } finally {
      i18n.global.locale.value = 'en'
    }
  })

  it("unregistering removes exactly that plugin's contributions", () => {
    const r = new ClientRegistry()
    r.register(rating())
    r.register(defineClientPlugin({ id: 'field-other', fieldTypes: [{ type: 'other', display: Other }] }))
    r.unregister('field-rating')
    expect(r.fieldType('rating')).toBeUndefined()
    expect(r.viewType('board')).toBeUndefined()
    expect(r.widget('stars-chart')).toBeUndefined()
    expect(r.fieldType('other')?.pluginId).toBe('field-other')
    expect(r.plugins.has('field-rating')).toBe(false)
    r.unregister('never-registered')
    expect(r.fieldTypes.size).toBe(1)
  })

  it('registering a plugin again replaces its previous contributions', () => {
    const r = new ClientRegistry()
    r.register(rating())
    r.register(defineClientPlugin({ id: 'field-rating', fieldTypes: [{ type: 'stars', display: Other }] }))
    expect(r.fieldType('rating')).toBeUndefined()
    expect(r.fieldType('stars')?.display).toBe(Other)
    expect(r.viewType('board')).toBeUndefined()
  })

  it('keeps components out of reactivity, so Vue never proxies them', () => {
    const r = new ClientRegistry()
    r.register(rating())
    expect(isReactive(r.fieldType('rating')!.display)).toBe(false)
    expect((r.fieldType('rating')!.display as { __v_skip?: boolean }).__v_skip).toBe(true)
  })

  it('merges messages under the plugin id, per locale', () => {
    const r = new ClientRegistry()
    r.register(rating())
    expect(i18n.global.t('field-rating.label')).toBe('Rating')
    i18n.global.locale.value = 'zh-CN'
    try {
      expect(i18n.global.t('field-rating.label')).toBe('评分')
    } finally {
      i18n.global.locale.value = 'en'
    }
  })

  it('is reactive: a render that read a missing type sees it once registered', () => {
    const r = new ClientRegistry()
    const label = computed(() => r.fieldType('rating')?.pluginId ?? 'none')
    expect(label.value).toBe('none')
    r.register(rating())
    expect(label.value).toBe('field-rating')
  })

  it("holds workflow actions' config editors, reactively, and drops them with their plugin", () => {
    const r = new ClientRegistry()
    const editor = computed(() => r.workflowStep('condition')?.pluginId ?? 'none')
    expect(editor.value).toBe('none')
    r.register(defineClientPlugin({ id: 'action-condition', workflowSteps: [{ type: 'condition', configEditor: defineComponent({ render: () => null }) }] }))
    expect(editor.value).toBe('action-condition')
    r.unregister('action-condition')
    expect(editor.value).toBe('none')
  })
})
