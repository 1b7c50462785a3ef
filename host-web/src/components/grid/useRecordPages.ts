import { markRaw, ref, shallowReactive, watch, type Ref } from 'vue'
import type { RecordData } from '@docpal/plugin-sdk/client'
import { endpoints } from '../../services/endpoints.ts'

type Page = Awaited<ReturnType<typeof endpoints.records.query>>
export type PageQuery = Parameters<typeof endpoints.records.query>[1]

export const PAGE_SIZE = 100
// Pages kept in memory around the viewport; scrolling through 100k rows must not keep them all.
const MAX_PAGES = 40

export interface RecordPages {
  /** Records the query matches (`undefined` until the first page answered). */
  total: Ref<number | undefined>
  /** The server counted with the planner's estimate (big tables): shown as "~n". */
  totalIsEstimate: Ref<boolean>
  firstLoad: Ref<boolean>
  error: Ref<string | null>
  /** The record at a row index, or undefined while its page is not loaded. */
  rowAt(index: number): RecordData | undefined
  /** Fetch the pages that hold rows [start, end]; pages far from there are forgotten. */
  ensure(start: number, end: number): void
  /**
   * The records at rows [start, end] (index 0 is `start`), whether their pages are loaded or not:
   * a paste or fill over rows not scrolled to yet writes them too. Rows past the end are undefined.
   */
  rowsIn(start: number, end: number): Promise<Array<RecordData | undefined>>
  /** Start over (filter, sort or records changed). */
  reset(): void
  replace(record: RecordData): void
  /** A record just created in the grid: shown after the last row (until the next reload sorts it in). */
  append(record: RecordData): void
}

/**
 * Pages of a table's records by row index, for a virtual list: only pages near the viewport are
 * fetched and kept. A page right after a loaded one follows its keyset cursor (cheap at any
 * depth); a page reached by jumping (dragging the scrollbar) uses its offset.
 */
export function useRecordPages(
  tableId: Ref<string>,
  query: Ref<{ filter: unknown; sort: unknown; search?: string }>,
  /** Where pages come from when not the table's record query (a view's data). */
  source?: (body: PageQuery) => Promise<Page>,
): RecordPages {
  // Records are frozen raw objects: a 100-row page adds no per-row watchers.
  const pages = shallowReactive(new Map<number, readonly RecordData[]>())
  const cursors = new Map<number, string>()
  const inFlight = new Set<number>()
  const total = ref<number>()
  const totalIsEstimate = ref(false)
  const firstLoad = ref(true)
  const error = ref<string | null>(null)
  let generation = 0

  /** A page of the records: the view's data when given, else the table's record query. */
  const fetchPage = (body: PageQuery): Promise<Page> => (source ? source(body) : endpoints.records.query(tableId.value, body))

  async function load(page: number) {
    if (pages.has(page) || inFlight.has(page)) return
    inFlight.add(page)
    const gen = generation
    const after = cursors.get(page - 1)
    const counting = total.value === undefined && page === 0
    try {
      const plain = !source && counting && query.value.filter === undefined && query.value.sort === undefined && !query.value.search
      // The table's first page, unfiltered, is a GET the served page has already started.
      const res = plain
        ? await endpoints.records.firstPage(tableId.value, PAGE_SIZE)
        : await fetchPage({
            ...query.value,
            limit: PAGE_SIZE,
            ...(after ? { cursor: after } : { offset: page * PAGE_SIZE }),
            ...(counting ? { count: 'estimate' as const } : {}),
          })
      if (gen !== generation) return
      pages.set(page, markRaw(res.records.map((r) => Object.freeze(r))))
      if (res.nextCursor) cursors.set(page, res.nextCursor)
      if (counting && res.total !== undefined) {
        total.value = res.total
        totalIsEstimate.value = (res as { totalIsEstimate?: boolean }).totalIsEstimate === true
        if (totalIsEstimate.value) void countExactly(gen)
      }
      // An estimate can be off either way: the pages themselves say where the table ends.
      const end = page * PAGE_SIZE + res.records.length
      if (res.records.length < PAGE_SIZE) total.value = end
      else if ((total.value ?? 0) < end) total.value = end + (res.nextCursor ? 1 : 0)
      error.value = null
    } catch (err) {
      if (gen === generation) error.value = err instanceof Error ? err.message : String(err)
    } finally {
      if (gen === generation) {
        inFlight.delete(page)
        firstLoad.value = false
      }
    }
  }

  /**
   * The planner's estimate paints the first page fast but can be far off (statistics lag behind a
   * bulk load), and the scrollbar is sized by it: the exact count follows in the background.
   */
  async function countExactly(gen: number) {
    try {
      const body = { ...query.value, limit: 1, count: true, fields: [] }
      const res = await fetchPage(body)
      if (gen === generation && res.total !== undefined) {
        total.value = res.total
        totalIsEstimate.value = false
      }
    } catch {
      // The estimate stays: the rows themselves still load, and the pages correct the end.
    }
  }

  function ensure(start: number, end: number) {
    const first = Math.max(0, Math.floor(start / PAGE_SIZE))
    const last = Math.max(first, Math.floor(Math.max(start, end) / PAGE_SIZE))
    for (let p = first; p <= last; p++) void load(p)
    if (pages.size > MAX_PAGES) {
      for (const p of [...pages.keys()])
        if (p < first - 5 || p > last + 5) {
          pages.delete(p)
          cursors.delete(p)
        }
    }
  }

  function reset() {
    generation++
    pages.clear()
    cursors.clear()
    inFlight.clear()
    total.value = undefined
    error.value = null
    firstLoad.value = true
    ensure(0, 0)
  }

  function replace(record: RecordData) {
    for (const [p, rows] of pages) {
      const i = rows.findIndex((r) => r.id === record.id)
      if (i >= 0) pages.set(p, markRaw(rows.map((r, j) => (j === i ? Object.freeze(record) : r))))
    }
  }

  function append(record: RecordData) {
    const at = total.value ?? 0
    const page = Math.floor(at / PAGE_SIZE)
    const rows = pages.get(page)
    if (rows) pages.set(page, markRaw([...rows, Object.freeze(record)]))
    else if (at % PAGE_SIZE === 0 && pages.has(page - 1)) pages.set(page, markRaw([Object.freeze(record)]))
    total.value = at + 1
  }

  const rowAt = (i: number): RecordData | undefined => pages.get(Math.floor(i / PAGE_SIZE))?.[i % PAGE_SIZE]

  async function rowsIn(start: number, end: number): Promise<Array<RecordData | undefined>> {
    const out = Array.from({ length: Math.max(0, end - start + 1) }, (_, k) => rowAt(start + k))
    // Each run of rows not in memory: one request by offset (in the grid's order), at most 1,000 rows.
    for (let i = 0; i < out.length;) {
      if (out[i]) {
        i++
        continue
      }
      let j = i
      while (j < out.length && !out[j] && j - i < 1000) j++
      const res = await fetchPage({ ...query.value, limit: j - i, offset: start + i })
      res.records.forEach((r, k) => (out[i + k] = Object.freeze(r)))
      i = j
    }
    return out
  }

  watch([tableId, query], reset, { deep: true, immediate: true })
  return { total, totalIsEstimate, firstLoad, error, rowAt, ensure, rowsIn, reset, replace, append }
}
