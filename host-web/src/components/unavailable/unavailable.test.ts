import { describe, expect, it } from 'vitest'
import type { ColumnInfo } from '@docpal/plugin-sdk/client'
import { isUnavailable, unavailableReason } from './unavailable.ts'

const col = (extra: Record<string, unknown> = {}) => ({ id: 'c', name: 'Stars', type: 'rating', config: {}, required: false, order: 0, ...extra }) as ColumnInfo

describe('unavailableReason', () => {
  it('is null for a usable column, the server reason (or empty) for an unavailable one', () => {
    expect(unavailableReason(col())).toBeNull()
    expect(unavailableReason(col({ available: true }))).toBeNull()
    expect(unavailableReason(col({ available: false, unavailable: "Column 'Stars' is a 'rating' field…" }))).toBe("Column 'Stars' is a 'rating' field…")
    expect(unavailableReason(col({ available: false }))).toBe('')
    expect(isUnavailable(col({ available: false }))).toBe(true)
  })
})
