import { describe, expect, it } from 'vitest'
import { evaluate, MAX_ITEMS, Operation } from '../src/server/operations.ts'

const records = [
  { id: 'r1', fields: { Name: 'A', Amount: 5, Tags: ['x'] } },
  { id: 'r2', fields: { Name: 'B', Amount: '7.5', Tags: [] } },
  { id: 'r3', fields: { Name: 'C', Amount: null } },
]
const run = (o: unknown) => evaluate(Operation.parse(o))

describe('transform operations', () => {
  it('aggregates numbers (numeric text counts, empty values do not)', () => {
    expect(run({ op: 'sum', from: records, field: 'Amount' })).toBe(12.5)
    expect(run({ op: 'avg', from: records, field: 'Amount' })).toBe(6.25)
    expect(run({ op: 'min', from: records, field: 'Amount' })).toBe(5)
    expect(run({ op: 'max', from: records, field: 'Amount' })).toBe(7.5)
    expect(run({ op: 'count', from: records })).toBe(3)
    expect(run({ op: 'count', from: records, field: 'Amount' })).toBe(2)
    expect(run({ op: 'max', from: [], field: 'Amount' })).toBeNull()
  })

  it('maps, filters, picks and joins, reading record fields under `fields`', () => {
    expect(run({ op: 'map', from: records, field: 'Name' })).toEqual(['A', 'B', 'C'])
    expect(run({ op: 'filter', from: records, field: 'Amount', is: 'gt', value: 6 })).toEqual([records[1]])
    expect(run({ op: 'filter', from: records, field: 'Tags', is: 'contains', value: 'x' })).toEqual([records[0]])
    expect(run({ op: 'filter', from: records, field: 'Amount', is: 'empty' })).toEqual([records[2]])
    expect(run({ op: 'pick', from: records[0], fields: ['Name', 'id'], rename: { Name: 'title' } })).toEqual({ title: 'A', id: 'r1' })
    expect(run({ op: 'join', from: records, field: 'Name', separator: '-' })).toBe('A-B-C')
    expect(run({ op: 'last', from: records })).toBe(records[2])
  })

  it('does not read inherited keys as fields or renames', () => {
    expect(run({ op: 'map', from: [{}], field: 'constructor' })).toEqual([null])
    expect(run({ op: 'pick', from: { a: 1 }, fields: ['a', 'toString'], rename: {} })).toEqual({ a: 1, toString: null })
  })

  it('refuses lists longer than MAX_ITEMS', () => {
    expect(() => run({ op: 'count', from: Array.from({ length: MAX_ITEMS + 1 }, () => 1) })).toThrow(/at most/)
  })
})
