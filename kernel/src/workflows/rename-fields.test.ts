import { defineAction, defineTrigger, type AnyAction, type AnyTrigger } from '@docpal/plugin-sdk'
import { z } from 'zod'
import { describe, expect, it } from 'vitest'
import type { WorkflowDefinition } from './definition.ts'
import { renameFieldsIn, type WorkflowTypes } from './rename-fields.ts'
import { renameInVariables } from './variables.ts'

const T1 = '11111111-1111-4111-8111-111111111111'
const T2 = '22222222-2222-4222-8222-222222222222'

const created = defineTrigger({
  type: 'created',
  label: 'Created',
  config: z.object({ tableId: z.string() }).strict(),
  events: ['record.created'],
  watches: (c) => ({ tableId: c.tableId }),
  matches: () => true,
})
const write = defineAction({
  type: 'write',
  label: 'Write',
  config: z.object({ tableId: z.string(), fields: z.record(z.string(), z.unknown()) }).strict(),
  fieldRefs: { table: 'tableId', keys: ['fields'], outputs: ['record'] },
  idempotent: true,
  run: () => undefined,
})
const types: WorkflowTypes = {
  registries: {
    triggers: { get: (type: string): AnyTrigger | undefined => (type === 'created' ? created : undefined) },
    actions: { get: (type: string): AnyAction | undefined => (type === 'write' ? write : undefined) },
  },
}

const def = (steps: WorkflowDefinition['steps']): WorkflowDefinition => ({ trigger: { type: 'created', config: { tableId: T1 } }, steps })

describe('renameFieldsIn', () => {
  it('swaps two names at once, and leaves the same names of another table alone', () => {
    const out = renameFieldsIn(
      types,
      def([
        { id: 'a', type: 'write', config: { tableId: T1, fields: { A: '{{trigger.record.B}}', B: '{{trigger.record.A}}' } } },
        { id: 'b', type: 'write', config: { tableId: T2, fields: { A: '{{steps.a.record.A}}', B: '{{steps.a.recordX.A}}' } } },
      ]),
      T1,
      new Map([
        ['A', 'B'],
        ['B', 'A'],
      ]),
    )
    expect(out?.steps.map((s) => s.config)).toEqual([
      { tableId: T1, fields: { B: '{{trigger.record.A}}', A: '{{trigger.record.B}}' } },
      { tableId: T2, fields: { A: '{{steps.a.record.B}}', B: '{{steps.a.recordX.A}}' } },
    ])
  })

  it('answers undefined for a definition of another table, or naming no renamed field', () => {
    const steps = [{ id: 'a', type: 'write', config: { tableId: T2, fields: { A: '{{trigger.record.Other}}' } } }]
    expect(renameFieldsIn(types, def(steps), T1, new Map([['A', 'Z']]))).toBeUndefined()
    expect(renameFieldsIn(types, def(steps), T2, new Map([['Q', 'Z']]))).toBeUndefined()
  })
})

describe('renameInVariables', () => {
  it('keeps the spelling of variables it leaves, and takes new names literally', () => {
    const rename = (p: string[]) => (p[2] === 'Old' ? [p[0] ?? '', p[1] ?? '', 'Cost $& (net)'] : p)
    expect(renameInVariables({ x: ['a {{ trigger.record.Old }} b {{  steps.s.id }}'] }, rename)).toEqual({ x: ['a {{ trigger.record.Cost $& (net) }} b {{  steps.s.id }}'] })
  })
})
