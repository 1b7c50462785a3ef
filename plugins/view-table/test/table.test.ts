import { describe, it, expect } from 'vitest'
import { tableViewType as v } from '../src/server/index.ts'

const table = { id: 't1', name: 'Tasks', columns: [] }

describe('table view type', () => {
  it('defaults the row height and adds nothing to the query', () => {
    const config = v.config.parse({ columnWidths: { c1: 120 } })
    expect(config).toEqual({ columnWidths: { c1: 120 }, rowHeight: 'short' })
    expect(v.query(config, { table, params: undefined })).toEqual({})
    expect(v.config.safeParse({ rowHeight: 'huge' }).success).toBe(false)
  })
})
