import { describe, expect, it } from 'vitest'
import type { TableMeta } from '@docpal/plugin-sdk/client'
import { prefillOf } from './prefill.ts'

const table = {
  id: 't1',
  appId: 'a1',
  name: 'Tasks',
  columns: [
    { id: 'c1', name: 'Title', type: 'text', config: {}, required: false, order: 0 },
    { id: 'c2', name: 'Start', type: 'date', config: {}, required: false, order: 1 },
  ],
} as TableMeta

describe('prefillOf', () => {
  it('keys the values of known columns by id and leaves out the rest', () => {
    expect(prefillOf(JSON.stringify({ Start: '2026-03-02', Nope: 1 }), table)).toEqual({ c2: '2026-03-02' })
  })

  it('answers nothing to prefill for a missing, broken or non-object parameter', () => {
    for (const raw of [undefined, '', '{', '[1]', 'null', ['x']]) expect(prefillOf(raw, table)).toEqual({})
  })
})
