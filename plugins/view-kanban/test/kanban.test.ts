import { describe, it, expect } from 'vitest'
import { kanbanViewType as v } from '../src/server/index.ts'

const status = '3f2b8c1e-9a4d-4e6f-8b7a-1c2d3e4f5a6b'
const title = '7a1b2c3d-4e5f-4a6b-9c8d-0e1f2a3b4c5d'
const table = {
  id: 't1',
  name: 'Tasks',
  columns: [
    { id: status, name: 'Status', type: 'single_select', config: { options: [] } },
    { id: title, name: 'Title', type: 'text', config: {} },
  ],
}

describe('kanban view type', () => {
  it('groups by the configured field', () => {
    const config = v.config.parse({ groupByFieldId: status })
    expect(v.checkConfig!(config, table)).toEqual([])
    expect(v.query(config, { table, params: undefined })).toEqual({
      groupBy: status,
      requiredFields: [status],
      indexFields: [status],
    })
  })

  it('rejects a group-by column that is not a single select, naming it', () => {
    const issues = v.checkConfig!(v.config.parse({ groupByFieldId: title }), table)
    expect(issues).toEqual([{ path: ['groupByFieldId'], message: expect.stringContaining('"Title" is a text field') }])
    expect(v.config.safeParse({ groupByFieldId: 'status' }).success).toBe(false)
  })
})
