import { describe, expect, it } from 'vitest'
import type { TableMeta } from '@docpal/plugin-sdk/client'
import { adoptSaved, draftOf, isDirty, nextStage, refsOf, resolveRefs, type TableDraft } from './draft.ts'

const REL = '00000000-0000-4000-8000-00000000000a'
const LOOK = '00000000-0000-4000-8000-00000000000b'
const table: TableMeta = {
  id: 't1',
  appId: 'a1',
  name: 'Orders',
  columns: [
    { id: 'c1', name: 'Name', type: 'text', config: {}, required: true, order: 0 },
    { id: 'c2', name: 'Total', type: 'aggregation', config: { relationFieldId: 'r-old', aggregation: 'count' }, required: false, order: 1 },
  ],
}

describe('staged saves', () => {
  it('adds a column that refers to a new column only once that one has an id', () => {
    const d: TableDraft = {
      name: 'Orders',
      description: '',
      columns: [
        { key: 'k0', name: 'Name', type: 'text', config: {}, required: false },
        { key: REL, name: 'Customer', type: 'relation', config: { targetTableId: 't9' }, required: false },
        { key: LOOK, name: 'Customer name', type: 'lookup', config: { relationFieldId: REL, targetFieldId: 'x' }, required: false },
      ],
    }
    const first = nextStage(d, null, new Map())
    expect(first.complete).toBe(false)
    expect(first.keys).toEqual(['k0', REL])
    expect(first.columns.map((c) => c.name)).toEqual(['Name', 'Customer'])

    const ids = new Map([
      ['k0', 'id0'],
      [REL, 'id-rel'],
    ])
    const second = nextStage(d, null, ids)
    expect(second.complete).toBe(true)
    expect(second.columns).toEqual([
      { id: 'id0', name: 'Name', type: 'text', config: {}, required: false },
      { id: 'id-rel', name: 'Customer', type: 'relation', config: { targetTableId: 't9' }, required: false },
      { name: 'Customer name', type: 'lookup', config: { relationFieldId: 'id-rel', targetFieldId: 'x' }, required: false },
    ])
  })

  it('keeps an existing column as saved while its new config waits, so it is not removed', () => {
    const d = draftOf(table)
    d.columns.push({ key: REL, name: 'Items', type: 'relation', config: {}, required: false })
    d.columns[1]!.config = { relationFieldId: REL, aggregation: 'count' }
    const s = nextStage(d, table, new Map())
    expect(s.complete).toBe(false)
    expect(s.columns[1]).toEqual({ id: 'c2', name: 'Total', type: 'aggregation', config: table.columns[1]!.config, required: false })
    expect(s.columns[2]).toEqual({ name: 'Items', type: 'relation', config: {}, required: false })
  })

  it('sends everything when references go in a circle, so the server names the column', () => {
    const d: TableDraft = {
      name: 'T',
      description: '',
      columns: [
        { key: REL, name: 'A', type: 'x', config: { ref: LOOK }, required: false },
        { key: LOOK, name: 'B', type: 'x', config: { ref: REL }, required: false },
      ],
    }
    const s = nextStage(d, null, new Map())
    expect(s.complete).toBe(true)
    expect(s.keys).toEqual([REL, LOOK])
  })
})

describe('draft helpers', () => {
  it('finds and replaces temporary keys anywhere in a config', () => {
    const config = { a: REL, list: [{ b: LOOK }, 'z'], n: 3 }
    expect([...refsOf(config, new Set([REL, LOOK]))].sort()).toEqual([REL, LOOK])
    expect(resolveRefs(config, new Map([[REL, 'r1']]))).toEqual({ a: 'r1', list: [{ b: LOOK }, 'z'], n: 3 })
  })

  it('adopts what a partial save did: server ids, as keys and in configs, and the saved configs', () => {
    const d: TableDraft = {
      name: 'T',
      description: '',
      columns: [
        { key: REL, name: 'A', type: 'relation', config: { targetTableId: 't9' }, required: false },
        { key: LOOK, name: 'B', type: 'lookup', config: { relationFieldId: REL }, required: false },
      ],
    }
    const server: TableMeta = {
      id: 't1',
      appId: 'a1',
      name: 'T',
      columns: [{ id: 'id-a', name: 'A', type: 'relation', config: { targetTableId: 't9', allowMultiple: true }, required: false, order: 0 }],
    }
    adoptSaved(d, server, new Map([[REL, 'id-a']]), new Set([REL]))
    expect(d.columns[0]).toEqual({ key: 'id-a', id: 'id-a', name: 'A', type: 'relation', config: { targetTableId: 't9', allowMultiple: true }, required: false })
    expect(d.columns[1]).toEqual({ key: LOOK, name: 'B', type: 'lookup', config: { relationFieldId: 'id-a' }, required: false })
    expect(isDirty(d, server)).toBe(true)
  })

  it('is dirty after a rename, a move or a new column, and clean as loaded', () => {
    const d = draftOf(table)
    expect(isDirty(d, table)).toBe(false)
    d.columns.reverse()
    expect(isDirty(d, table)).toBe(true)
    const r = draftOf(table)
    r.columns[0]!.name = 'Title'
    expect(isDirty(r, table)).toBe(true)
    expect(isDirty(draftOf(null), null)).toBe(false)
  })
})
