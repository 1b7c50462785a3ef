import { describe, expect, it } from 'vitest'
import { i18n } from '@docpal/plugin-sdk/client'
import { installMessages } from '../../../i18n/install.ts'
import { loopTokens, triggerTokens, typeLabelOf } from './variable-tokens.ts'
import type { TriggerType } from '../../../services/workflows-api.ts'

const type = (over: Partial<TriggerType>): TriggerType => ({
  type: 'x',
  label: 'X',
  description: null,
  translations: {},
  plugin: 'p',
  configSchema: {},
  events: [],
  manual: false,
  scheduled: false,
  watchesTable: false,
  webhook: false,
  ...over,
})
const labels = { recordId: 'id', changed: 'changed', body: 'body' }
const tokens = (...args: Parameters<typeof triggerTokens>) => triggerTokens(...args).map((x) => x.token)

describe('variable tokens', () => {
  it("offers a record trigger's record, an update's changed fields, a manual trigger's inputs, a webhook's body and headers", () => {
    const deals = { id: 't', appId: 'a', name: 'Deals', columns: [{ id: 'c', name: 'Deal name', type: 'text', config: {}, required: false, order: 0 }] }
    expect(tokens(type({ events: ['record.updated'], watchesTable: true }), { tableId: 't' }, deals, labels)).toEqual([
      '{{trigger.recordId}}',
      '{{trigger.record.Deal name}}',
      '{{trigger.changed}}',
    ])
    expect(tokens(type({ events: ['record.created'], watchesTable: true }), {}, deals, labels)).not.toContain('{{trigger.changed}}')
    expect(tokens(type({ manual: true }), { inputs: [{ name: 'Reason' }, { type: 'text' }] }, undefined, labels)).toEqual(['{{trigger.input.Reason}}'])
    expect(tokens(type({ webhook: true }), { secret: 's', body: { properties: { orderId: 'string' } }, headers: ['X-Shop'] }, undefined, labels)).toEqual([
      '{{trigger.body}}',
      '{{trigger.body.orderId}}',
      '{{trigger.headers.X-Shop}}',
    ])
    expect(tokens(type({ scheduled: true }), { cron: '0 9 * * *' }, undefined, labels)).toEqual([])
  })
  it('says what each variable holds: the field type of a record field, an input type, ids and lists', () => {
    const deals = {
      id: 't',
      appId: 'a',
      name: 'Deals',
      columns: [
        { id: 'c', name: 'Amount', type: 'number', config: {}, required: false, order: 0 },
        { id: 'd', name: 'Due', type: 'date', config: {}, required: false, order: 1 },
      ],
    }
    const typed = triggerTokens(type({ events: ['record.updated'], watchesTable: true }), {}, deals, labels).map((x) => [x.token, x.type])
    expect(typed).toEqual([
      ['{{trigger.recordId}}', 'id'],
      ['{{trigger.record.Amount}}', 'number'],
      ['{{trigger.record.Due}}', 'date'],
      ['{{trigger.changed}}', 'list'],
    ])
    expect(triggerTokens(type({ manual: true }), { inputs: [{ name: 'Qty', type: 'number' }, { name: 'Why' }] }, undefined, labels).map((x) => x.type)).toEqual(['number', 'text'])
    expect(loopTokens({ id: 'l', type: 'loop', config: { tableId: 't' } }, [deals]).map((x) => x.type)).toEqual([undefined, 'number', 'id', 'number', 'date'])
  })
  it("offers a loop's item and index, and a record loop's fields", () => {
    const deals = { id: 't', appId: 'a', name: 'Deals', columns: [{ id: 'c', name: 'Name', type: 'text', config: {}, required: false, order: 0 }] }
    expect(loopTokens({ id: 'each_line', type: 'loop', config: { items: '{{steps.fetch.body}}' } }, [deals]).map((x) => x.token)).toEqual([
      '{{loop.each_line.item}}',
      '{{loop.each_line.index}}',
    ])
    expect(loopTokens({ id: 'deals', type: 'loop', config: { tableId: 't' } }, [deals]).map((x) => x.token)).toEqual([
      '{{loop.deals.item}}',
      '{{loop.deals.index}}',
      '{{loop.deals.item.id}}',
      '{{loop.deals.item.fields.Name}}',
    ])
  })

  it("names what a variable holds in the reader's language: output types by the builder's words, field types by their labels", () => {
    installMessages()
    const g = i18n.global
    const words = { has: (key: string) => g.te(key), text: (key: string) => g.t(key) }
    const fieldLabel = (type: string) => (type === 'single_select' ? 'Single select' : undefined)
    const before = g.locale.value
    try {
      g.locale.value = 'en'
      expect(typeLabelOf('ids', words, fieldLabel)).toBe('Record ids')
      g.locale.value = 'zh-CN'
      expect(typeLabelOf('number', words, fieldLabel)).toBe('数字')
      expect(typeLabelOf('record', words, fieldLabel)).toBe('记录')
      expect(typeLabelOf('single_select', words, fieldLabel)).toBe('Single select')
      expect(typeLabelOf('mystery', words, fieldLabel)).toBe('mystery')
      expect(typeLabelOf(undefined, words, fieldLabel)).toBeUndefined()
    } finally {
      g.locale.value = before
    }
  })
})
