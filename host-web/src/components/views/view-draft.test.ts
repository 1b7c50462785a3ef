import { describe, expect, it } from 'vitest'
import { ApiError, type ViewInfo } from '@docpal/plugin-sdk/client'
import { draftFromView, errorSection, fieldList, queryConfigOf } from './view-draft.ts'

const columns = [
  { id: 'c2', name: 'Points', type: 'number', config: {}, required: false, order: 1 },
  { id: 'c1', name: 'Title', type: 'text', config: {}, required: false, order: 0 },
  { id: 'c3', name: 'Notes', type: 'text', config: {}, required: false, order: 2 },
]
const view = (queryConfig: Record<string, unknown>): ViewInfo & { description: string | null } => ({
  id: 'v1',
  name: 'V',
  description: null,
  type: 'table',
  dataTableId: 't1',
  queryConfig,
  config: { rowHeight: 'short' },
})

describe('view draft', () => {
  it('lists the view fields first in its order, then the hidden ones in table order', () => {
    expect(fieldList(columns, undefined)).toEqual([
      { id: 'c1', visible: true },
      { id: 'c2', visible: true },
      { id: 'c3', visible: true },
    ])
    expect(fieldList(columns, ['c3', 'gone', 'c1'])).toEqual([
      { id: 'c3', visible: true },
      { id: 'c1', visible: true },
      { id: 'c2', visible: false },
    ])
  })

  it('wraps a stored single condition in a group and keeps sorts and grouping', () => {
    const d = draftFromView(view({ filter: { field: 'c2', op: 'gt', value: 2 }, sort: [{ field: 'c2', direction: 'desc' }], groupBy: 'c1' }), columns)
    expect(d).toMatchObject({ filter: { and: [{ field: 'c2', op: 'gt', value: 2 }] }, sorts: [{ field: 'c2', direction: 'desc' }], groupBy: 'c1', description: '' })
  })

  it('sends every query key, clearing with null and "", and no field list when all show in table order', () => {
    const d = draftFromView(view({ groupBy: 'c1', fields: ['c2'] }), columns)
    d.groupBy = ''
    d.fields = fieldList(columns, undefined)
    d.sorts = [{ field: '', direction: 'asc' }]
    expect(queryConfigOf(d, columns)).toEqual({ filter: null, sort: [], groupBy: '', fields: null })
    d.fields = fieldList(columns, ['c2', 'c1'])
    expect(queryConfigOf(d, columns).fields).toEqual(['c2', 'c1'])
  })

  it('files a 400 under the section its path names', () => {
    expect(errorSection(new ApiError(400, 'KRN_ERR_VALIDATION', 'bad sort', ['queryConfig', 'sort', 0, 'field']))).toEqual({ section: 'queryConfig.sort', message: 'bad sort' })
    expect(errorSection(new ApiError(400, 'KRN_ERR_VALIDATION', 'no column', ['config', 'groupByFieldId']))).toEqual({ section: 'config', message: 'no column' })
    expect(errorSection(new ApiError(409, 'X', 'conflict', ['name']))).toBeNull()
  })
})
