import { describe, expect, it } from 'vitest'
import { recordId } from './record-id.ts'

describe('recordId', () => {
  it('makes version-7 UUIDs in strictly increasing order, also within one millisecond', () => {
    const ids = Array.from({ length: 20_000 }, () => recordId())
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    for (let i = 1; i < ids.length; i++) expect(ids[i]! > ids[i - 1]!).toBe(true)
    expect(new Set(ids).size).toBe(ids.length)
  })

  it('starts with the current time in milliseconds', () => {
    const before = Date.now()
    const ms = parseInt(recordId().replace(/-/g, '').slice(0, 12), 16)
    expect(ms).toBeGreaterThanOrEqual(before)
    expect(ms).toBeLessThan(before + 1000)
  })
})
