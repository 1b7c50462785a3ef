import { describe, it, expect } from 'vitest'
import { ganttViewType as v } from '../src/server/index.ts'

const table = {
  id: 't1',
  name: 'Plan',
  columns: [
    { id: 'start', name: 'Start', type: 'date', config: {} },
    { id: 'end', name: 'End', type: 'date', config: {} },
    { id: 'task', name: 'Task', type: 'text', config: {} },
  ],
}

describe('gantt view type', () => {
  it('keeps bars that overlap the requested range', () => {
    const config = v.config.parse({ startFieldId: 'start', endFieldId: 'end', labelFieldId: 'task' })
    expect(v.checkConfig!(config, table)).toEqual([])
    expect(v.query(config, { table, params: { from: '2026-01-01', to: '2026-01-31' } })).toEqual({
      filter: {
        kind: 'and',
        children: [
          { kind: 'condition', field: 'start', op: 'lt', value: '2026-02-01' },
          { kind: 'condition', field: 'end', op: 'gte', value: '2026-01-01' },
        ],
      },
      sort: [{ field: 'start', direction: 'asc' }],
      requiredFields: ['start', 'end', 'task'],
      indexFields: ['start'],
    })
  })

  it('rejects an end column that is not a date', () => {
    const issues = v.checkConfig!(v.config.parse({ startFieldId: 'start', endFieldId: 'task' }), table)
    expect(issues).toEqual([{ path: ['endFieldId'], message: expect.stringContaining('"Task" is a text field') }])
  })
})
