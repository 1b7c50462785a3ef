import { describe, expect, it, vi, beforeEach } from 'vitest'
import { nextTick, ref } from 'vue'
import { toggleSort } from './sort-state.ts'

const query = vi.fn()
// The unfiltered first page goes through its own GET; both are recorded in one mock, told apart by the body.
vi.mock('../../services/endpoints.ts', () => ({
  endpoints: {
    records: {
      query: (...a: unknown[]) => query(...a),
      firstPage: (tableId: string, limit: number) => query(tableId, { limit, offset: 0, count: 'estimate' }, 'GET'),
    },
  },
}))
const { useRecordPages, PAGE_SIZE } = await import('./useRecordPages.ts')

describe('toggleSort', () => {
  it('cycles a column none -> asc -> desc -> none', () => {
    const a = toggleSort([], 'Qty', false)
    expect(a).toEqual([{ field: 'Qty', direction: 'asc' }])
    const b = toggleSort(a, 'Qty', false)
    expect(b).toEqual([{ field: 'Qty', direction: 'desc' }])
    expect(toggleSort(b, 'Qty', false)).toEqual([])
  })
  it('a plain click replaces other sorts, Shift+click adds and cycles a secondary one', () => {
    const one = [{ field: 'Qty', direction: 'desc' as const }]
    expect(toggleSort(one, 'Name', false)).toEqual([{ field: 'Name', direction: 'asc' }])
    const two = toggleSort(one, 'Name', true)
    expect(two).toEqual([
      { field: 'Qty', direction: 'desc' },
      { field: 'Name', direction: 'asc' },
    ])
    expect(toggleSort(two, 'Name', true)).toEqual([
      { field: 'Qty', direction: 'desc' },
      { field: 'Name', direction: 'desc' },
    ])
    expect(toggleSort(toggleSort(two, 'Name', true), 'Name', true)).toEqual(one)
  })
})

const rec = (i: number) => ({ id: `r${i}`, createdAt: '', updatedAt: '', createdBy: null, fields: { n: i } })
const page = (from: number, n: number, extra: Record<string, unknown> = {}) => ({
  records: Array.from({ length: n }, (_, k) => rec(from + k)),
  limit: PAGE_SIZE,
  offset: from,
  ...extra,
})
const settle = async () => {
  for (let i = 0; i < 5; i++) await nextTick()
}

describe('useRecordPages', () => {
  beforeEach(() => query.mockReset())

  it('loads the first page with an estimate, then the exact count when the estimate was a guess', async () => {
    query.mockResolvedValueOnce(page(0, PAGE_SIZE, { total: 5000, totalIsEstimate: true, nextCursor: 'c0' }))
    query.mockResolvedValueOnce(page(0, 1, { total: 4321 }))
    const p = useRecordPages(ref('t1'), ref({ filter: undefined, sort: undefined }))
    await settle()
    expect(query.mock.calls[0]).toEqual(['t1', { limit: PAGE_SIZE, offset: 0, count: 'estimate' }, 'GET'])
    expect(query.mock.calls[1]![1]).toMatchObject({ limit: 1, count: true })
    expect(p.total.value).toBe(4321)
    expect(p.totalIsEstimate.value).toBe(false)
    expect(p.rowAt(5)?.id).toBe('r5')
    expect(p.rowAt(150)).toBeUndefined()
  })

  it('follows the cursor to the next page and jumps by offset elsewhere', async () => {
    query.mockResolvedValueOnce(page(0, PAGE_SIZE, { total: 100_000, nextCursor: 'c0' }))
    const p = useRecordPages(ref('t1'), ref({ filter: { and: [] }, sort: undefined }))
    await settle()
    query.mockImplementation((_t: string, b: { offset?: number; cursor?: string } = {}) => Promise.resolve(page(b.cursor ? PAGE_SIZE : (b.offset ?? 0), PAGE_SIZE)))
    p.ensure(150, 180)
    p.ensure(50_010, 50_030)
    await settle()
    expect(query.mock.calls[1]![1]).toEqual({ filter: { and: [] }, sort: undefined, limit: PAGE_SIZE, cursor: 'c0' })
    expect(query.mock.calls[2]![1]).toMatchObject({ offset: 50_000 })
    expect(p.rowAt(50_020)?.id).toBe('r50020')
  })

  it('rowsIn answers rows not scrolled to as well: loaded ones from memory, each run of missing ones by one offset request', async () => {
    query.mockResolvedValueOnce(page(0, PAGE_SIZE, { total: 1000, nextCursor: 'c0' }))
    const p = useRecordPages(ref('t1'), ref({ filter: { and: [] }, sort: undefined }))
    await settle()
    query.mockImplementation((_t: string, b: { offset?: number; limit?: number } = {}) => Promise.resolve(page(b.offset ?? 0, b.limit ?? PAGE_SIZE)))
    const rows = await p.rowsIn(95, 349)
    expect(rows.map((r) => r?.id)).toEqual(Array.from({ length: 255 }, (_, k) => `r${95 + k}`))
    // Rows 95-99 were in memory; 100-349 came in one request, in the grid's order (its filter and sort).
    expect(query.mock.calls.slice(1).map((c) => c[1])).toEqual([{ filter: { and: [] }, sort: undefined, limit: 250, offset: 100 }])
  })

  it('starts over when the query changes and ignores answers to the old one', async () => {
    let release!: (v: unknown) => void
    query.mockReturnValueOnce(
      new Promise((r) => {
        release = r
      }),
    )
    const q = ref<{ filter: unknown; sort: unknown }>({ filter: undefined, sort: undefined })
    const p = useRecordPages(ref('t1'), q)
    query.mockResolvedValueOnce(page(0, 3, { total: 3 }))
    q.value = { filter: undefined, sort: [{ field: 'n', direction: 'desc' }] }
    await settle()
    release(page(0, PAGE_SIZE, { total: 999 }))
    await settle()
    expect(p.total.value).toBe(3)
  })
})
