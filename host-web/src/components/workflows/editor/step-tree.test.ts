import { describe, expect, it } from 'vitest'
import { apiPathOf, errorTarget, newStepId, stepsBefore, withBranchLists, type StepDraft } from './step-tree.ts'
import { joinConditions, splitConditions } from './trigger-conditions.ts'

const steps: StepDraft[] = [
  { id: 'invoice', type: 'create-record', config: {} },
  {
    id: 'check',
    type: 'condition',
    config: {},
    branches: {
      then: [
        { id: 'mark', type: 'update-record', config: {} },
        { id: 'mail', type: 'send-email', config: {} },
      ],
      else: [],
    },
  },
  { id: 'after', type: 'delay', config: {} },
]

describe('step tree', () => {
  it('names a new step <type>_<n> with the first n no step of the tree has', () => {
    expect(newStepId('update-record', steps)).toBe('update_record_1')
    expect(newStepId('update-record', [...steps, { id: 'update_record_1', type: 'update-record', config: {} }])).toBe('update_record_2')
    expect(newStepId('9lives', [])).toBe('lives_1')
  })

  it('gives a step the earlier steps of every level and the steps whose branch it is in, not their other branches', () => {
    const ids = (tree: Array<number | string>) => stepsBefore(steps, tree).before.map((s) => s.id)
    expect(ids([0])).toEqual([])
    expect(ids([1, 'then', 1])).toEqual(['invoice', 'check', 'mark'])
    expect(ids([1, 'else', 0])).toEqual(['invoice', 'check'])
    expect(ids([2])).toEqual(['invoice', 'check'])
    expect(stepsBefore([{ id: 'each_deal', type: 'loop', config: {}, branches: { each: [] } }], [0, 'each', 0]).loops.map((s) => s.id)).toEqual(['each_deal'])
  })

  it("puts the server's error on the deepest step its path names, with the rest of the path", () => {
    const mark = apiPathOf([1, 'then', 0])
    expect(mark).toEqual(['steps', 1, 'branches', 'then', 0])
    const err = ['steps', 1, 'branches', 'then', 0, 'config', 'tableId']
    expect(errorTarget(err, mark)).toEqual(['config', 'tableId'])
    expect(errorTarget(err, apiPathOf([1]))).toBeNull()
    expect(errorTarget(['steps', 1, 'branches', 'maybe'], apiPathOf([1]))).toEqual(['branches', 'maybe'])
    expect(errorTarget(err, apiPathOf([0]))).toBeNull()
  })

  it('gives each step a list for every branch its action declares, keeping the steps it has', () => {
    const loaded: StepDraft[] = [{ id: 'check', type: 'condition', config: {}, branches: { then: [{ id: 'x', type: 'delay', config: {} }] } }]
    withBranchLists(loaded, [{ type: 'condition', label: 'Condition', branches: ['then', 'else'], outputs: [] }])
    expect(loaded[0]!.branches).toEqual({ then: [{ id: 'x', type: 'delay', config: {} }], else: [] })
  })
})

describe('trigger conditions', () => {
  it('splits the filter part from "field changed" and other change leaves, and joins them back', () => {
    const stored = { and: [{ and: [{ field: 'Stage', op: 'eq', value: 'Won' }] }, { changed: 'Stage' }, { field: 'Amount', changedFrom: 1 }] }
    const parts = splitConditions(stored)
    expect(parts).toEqual({ filter: { and: [{ field: 'Stage', op: 'eq', value: 'Won' }] }, changed: ['Stage'], other: [{ field: 'Amount', changedFrom: 1 }] })
    expect(joinConditions(parts)).toEqual(stored)
    expect(joinConditions({ filter: null, changed: [], other: [] })).toBeUndefined()
    expect(joinConditions(splitConditions({ or: [{ field: 'A', op: 'eq', value: 1 }] }))).toEqual({ or: [{ field: 'A', op: 'eq', value: 1 }] })
    // Conditions written as a flat AND through the API read as one filter group.
    expect(splitConditions({ and: [{ field: 'A', op: 'eq', value: 1 }, { changed: 'B' }] }).filter).toEqual({ and: [{ field: 'A', op: 'eq', value: 1 }] })
  })
})
