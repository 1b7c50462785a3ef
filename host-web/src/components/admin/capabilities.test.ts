import { describe, expect, it } from 'vitest'
import { capabilitiesOf } from './capabilities.ts'

const withCaps = (capabilities?: string[]) => ({
  manifest: { id: 'p', name: 'P', version: '1.0.0', kernel: '^1.0.0', category: 'other', dependsOn: [], ...(capabilities ? { capabilities } : {}) },
})

describe('capabilitiesOf', () => {
  it('lists known capabilities in a fixed order, then unknown ones by id', () => {
    expect(capabilitiesOf(withCaps(['hooks', 'teleport', 'database', 'network', 'routes']))).toEqual([
      { id: 'database', known: true },
      { id: 'routes', known: true },
      { id: 'network', known: true },
      { id: 'hooks', known: true },
      { id: 'teleport', known: false },
    ])
  })

  it('is empty without a manifest or declared capabilities', () => {
    expect(capabilitiesOf({ manifest: null })).toEqual([])
    expect(capabilitiesOf(withCaps())).toEqual([])
  })
})
