import { describe, it, expect } from 'vitest'
import { calendarViewType as v } from '../src/server/index.ts'

const table = {
  id: 't1',
  name: 'Events',
  columns: [
    { id: 'start', name: 'Start', type: 'date', config: {} },
    { id: 'end', name: 'End', type: 'date', config: {} },
    { id: 'title', name: 'Title', type: 'text', config: {} },
    { id: 'kind', name: 'Kind', type: 'single_select', config: { options: [] } },
  ],
}

describe('calendar view type', () => {
  it('filters to records whose span meets the requested range', () => {
    const config = v.config.parse({ dateFieldId: 'start', endDateFieldId: 'end' })
    const params = v.params!.parse({ from: '2026-03-01', to: '2026-03-31' })
    expect(v.query(config, { table, params })).toEqual({
      filter: {
        kind: 'and',
        children: [
          { kind: 'condition', field: 'start', op: 'lt', value: '2026-04-01' },
          {
            kind: 'or',
            children: [
              { kind: 'condition', field: 'end', op: 'gte', value: '2026-03-01' },
              {
                kind: 'and',
                children: [
                  { kind: 'condition', field: 'end', op: 'is_empty' },
                  { kind: 'condition', field: 'start', op: 'gte', value: '2026-03-01' },
                ],
              },
            ],
          },
        ],
      },
      sort: [{ field: 'start', direction: 'asc' }],
      requiredFields: ['start', 'end'],
      indexFields: ['start'],
    })
  })

  it('adds no filter without a range, and rejects non-date columns', () => {
    const config = v.config.parse({ dateFieldId: 'start' })
    expect(config).toMatchObject({ mode: 'month' })
    expect(v.query(config, { table, params: undefined }).filter).toBeUndefined()
    expect(v.checkConfig!(v.config.parse({ dateFieldId: 'title' }), table)[0]?.path).toEqual(['dateFieldId'])
    expect(v.params!.safeParse({ from: '2026-02-30' }).success).toBe(false)
  })

  it('colours by a single select: read even when hidden, refused on another type', () => {
    const config = v.config.parse({ dateFieldId: 'start', colorFieldId: 'kind' })
    expect(v.checkConfig!(config, table)).toEqual([])
    expect(v.query(config, { table, params: undefined }).requiredFields).toEqual(['start', 'kind'])
    expect(v.checkConfig!(v.config.parse({ dateFieldId: 'start', colorFieldId: 'title' }), table)[0]?.path).toEqual(['colorFieldId'])
  })
})
