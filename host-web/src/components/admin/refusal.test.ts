import { describe, expect, it } from 'vitest'
import { ApiError } from '@docpal/plugin-sdk/client'
import { canForceDisable, readRefusal } from './refusal.ts'

describe('readRefusal', () => {
  it('reads what uses a plugin and which plugins depend on it', () => {
    const err = new ApiError(409, 'KRN_ERR_PLUGIN_IN_USE', "Plugin 'field-relation' cannot be disabled while it is in use", [], {
      dependents: ['field-lookup'],
      usage: [
        { kind: 'column', table: 'Deals', name: 'Company', text: "column 'Company' of table 'Deals' is a relation field" },
        { kind: 'view', table: 'Deals', name: 'Board', text: '…' },
        { kind: 'trigger', text: 'trigger X uses it' },
      ],
    })
    expect(readRefusal(err)).toEqual({
      message: "Plugin 'field-relation' cannot be disabled while it is in use",
      code: 'KRN_ERR_PLUGIN_IN_USE',
      obstacles: [
        { kind: 'dependent', id: 'field-lookup' },
        { kind: 'column', table: 'Deals', name: 'Company' },
        { kind: 'view', table: 'Deals', name: 'Board' },
        { kind: 'text', text: 'trigger X uses it' },
      ],
    })
  })

  it('reads missing dependencies, and keeps a plain error as its message', () => {
    expect(readRefusal(new ApiError(409, 'KRN_ERR_PLUGIN_DEPENDENCY', 'enable its dependencies first', [], { missing: ['field-relation'] })).obstacles).toEqual([
      { kind: 'missing', id: 'field-relation' },
    ])
    expect(readRefusal(new Error('offline'))).toEqual({ message: 'offline', code: null, obstacles: [] })
  })

  it('offers to force a disable refused for data in use, not one other plugins depend on', () => {
    const inUse = (details: Record<string, unknown>) => readRefusal(new ApiError(409, 'KRN_ERR_PLUGIN_IN_USE', 'in use', [], details))
    expect(canForceDisable(inUse({ usage: [{ kind: 'column', table: 'T', name: 'Stars', text: '…' }], dependents: [] }))).toBe(true)
    expect(canForceDisable(inUse({ usage: [], dependents: ['field-lookup'] }))).toBe(false)
    expect(canForceDisable(readRefusal(new ApiError(422, 'KRN_ERR_PLUGIN_LOAD_FAILED', 'threw')))).toBe(false)
  })
})
