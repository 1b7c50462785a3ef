import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../support/test-server.ts'

/**
 * Property tests of the query pipeline: random filter trees and sorts, compiled by the kernel with
 * the first-party field types' operators, checked against a plain TypeScript reference evaluator
 * that spells out the documented semantics (PostgreSQL null placement, "is not X" keeps empties,
 * case-insensitive text matching, ...).
 */

// ---------------------------------------------------------------------------------------------
// Data model

interface Row {
  id: string
  T: string | null
  N: number | null
  S: boolean | null
  Sel: string | null
  M: string[] | null
  D: string | null
}
type Field = 'T' | 'N' | 'S' | 'Sel' | 'M' | 'D'
const FIELDS: Field[] = ['T', 'N', 'S', 'Sel', 'M', 'D']

interface Cond {
  field: Field
  op: string
  value?: unknown
}
interface Group {
  and?: Node[]
  or?: Node[]
}
type Node = Cond | Group
interface Sort {
  field: Field
  direction: 'asc' | 'desc'
}

const SEL_OPTIONS = ['a', 'b', 'c']
const M_OPTIONS = ['x', 'y', 'z']
const DAYS = Array.from({ length: 10 }, (_, i) => `2026-03-${String(i + 1).padStart(2, '0')}`)
// Filter dates reach a little outside the stored range.
const FILTER_DAYS = ['2026-02-27', '2026-02-28', ...DAYS, '2026-03-11', '2026-03-12']
const ROW_COUNT = 80

// ---------------------------------------------------------------------------------------------
// Generators

const textChar = fc.constantFrom('a', 'b', 'c', '0', '1')
const textValue = fc.string({ unit: textChar, maxLength: 3 })
/** Equality values: the stored alphabet plus an upper-case letter (eq is exact, so it never matches). */
const textEqValue = fc.string({ unit: fc.constantFrom('a', 'b', 'c', '0', '1', 'A'), maxLength: 3 })
/** Pattern values: upper case (matching ignores case) and LIKE wildcards (which must be escaped). */
const textPattern = fc.string({ unit: fc.constantFrom('a', 'b', 'c', '0', '1', 'A', 'B', '%', '_', '\\'), maxLength: 2 })
const numberValue = fc.integer({ min: -5, max: 5 })
/** Filter numbers: integers just around the stored range and a few fractions. */
const numberFilterValue = fc.oneof(fc.integer({ min: -6, max: 6 }), fc.constantFrom(-0.5, 0.5, 1.5, 2.4, -2.6))
const dateValue = fc.constantFrom(...DAYS)
const dateFilterValue = fc.constantFrom(...FILTER_DAYS)

const rowArb = fc.record({
  T: fc.option(textValue, { nil: null, freq: 5 }),
  N: fc.option(numberValue, { nil: null, freq: 5 }),
  S: fc.option(fc.boolean(), { nil: null, freq: 4 }),
  Sel: fc.option(fc.constantFrom(...SEL_OPTIONS), { nil: null, freq: 4 }),
  M: fc.option(fc.shuffledSubarray(M_OPTIONS), { nil: null, freq: 5 }),
  D: fc.option(dateValue, { nil: null, freq: 5 }),
})

const list = <T>(a: fc.Arbitrary<T>) => fc.uniqueArray(a, { minLength: 1, maxLength: 3 })
const c = (field: Field, op: string, value?: fc.Arbitrary<unknown>): fc.Arbitrary<Cond> => (value ? value.map((v) => ({ field, op, value: v })) : fc.constant({ field, op }))

const condArb: fc.Arbitrary<Cond> = fc.oneof(
  fc.oneof(
    c('T', 'eq', textEqValue),
    c('T', 'neq', textEqValue),
    c('T', 'in', list(textEqValue)),
    c('T', 'not_in', list(textEqValue)),
    c('T', 'is_empty'),
    c('T', 'is_not_empty'),
    c('T', 'contains', textPattern),
    c('T', 'not_contains', textPattern),
    c('T', 'starts_with', textPattern),
    c('T', 'ends_with', textPattern),
  ),
  fc.oneof(
    c('N', 'eq', numberFilterValue),
    c('N', 'neq', numberFilterValue),
    c('N', 'gt', numberFilterValue),
    c('N', 'gte', numberFilterValue),
    c('N', 'lt', numberFilterValue),
    c('N', 'lte', numberFilterValue),
    c('N', 'in', list(numberFilterValue)),
    c('N', 'not_in', list(numberFilterValue)),
    c('N', 'is_empty'),
    c('N', 'is_not_empty'),
  ),
  fc.oneof(c('S', 'eq', fc.boolean()), c('S', 'neq', fc.boolean()), c('S', 'is_true'), c('S', 'is_false'), c('S', 'is_empty'), c('S', 'is_not_empty')),
  fc.oneof(
    c('Sel', 'eq', fc.constantFrom(...SEL_OPTIONS)),
    c('Sel', 'neq', fc.constantFrom(...SEL_OPTIONS)),
    c('Sel', 'in', list(fc.constantFrom(...SEL_OPTIONS))),
    c('Sel', 'not_in', list(fc.constantFrom(...SEL_OPTIONS))),
    c('Sel', 'is_empty'),
    c('Sel', 'is_not_empty'),
  ),
  fc.oneof(
    c('M', 'has_any', list(fc.constantFrom(...M_OPTIONS))),
    c('M', 'has_all', list(fc.constantFrom(...M_OPTIONS))),
    c('M', 'has_none', list(fc.constantFrom(...M_OPTIONS))),
    c('M', 'eq', list(fc.constantFrom(...M_OPTIONS))),
    c('M', 'is_empty'),
    c('M', 'is_not_empty'),
  ),
  fc.oneof(
    c('D', 'eq', dateFilterValue),
    c('D', 'neq', dateFilterValue),
    c('D', 'gt', dateFilterValue),
    c('D', 'gte', dateFilterValue),
    c('D', 'lt', dateFilterValue),
    c('D', 'lte', dateFilterValue),
    c('D', 'before', dateFilterValue),
    c('D', 'after', dateFilterValue),
    c('D', 'on', dateFilterValue),
    c('D', 'between', fc.tuple(dateFilterValue, dateFilterValue)),
    c('D', 'in', list(dateFilterValue)),
    c('D', 'not_in', list(dateFilterValue)),
    c('D', 'is_empty'),
    c('D', 'is_not_empty'),
  ),
)

/** A group nesting at most `depth` levels of groups (the top one included). */
function groupArb(depth: number): fc.Arbitrary<Group> {
  const child: fc.Arbitrary<Node> = depth <= 1 ? condArb : fc.oneof({ weight: 3, arbitrary: condArb }, { weight: 1, arbitrary: groupArb(depth - 1) })
  return fc
    .tuple(fc.constantFrom('and' as const, 'or' as const), fc.array(child, { minLength: 0, maxLength: 4 }))
    .map(([kind, children]) => (kind === 'and' ? { and: children } : { or: children }))
}
const filterArb = groupArb(3)

const sortArb: fc.Arbitrary<Sort[]> = fc.array(fc.record({ field: fc.constantFrom(...FIELDS), direction: fc.constantFrom('asc' as const, 'desc' as const) }), {
  minLength: 0,
  maxLength: 3,
})

// ---------------------------------------------------------------------------------------------
// Reference evaluator

const lower = (s: string) => s.toLowerCase()

function evalCond(r: Row, cnd: Cond): boolean {
  const v = r[cnd.field]
  const x = cnd.value
  switch (cnd.field) {
    case 'T': {
      const t = v as string | null
      switch (cnd.op) {
        case 'eq':
          return t !== null && t === x
        case 'neq':
          return t === null || t !== x // IS DISTINCT FROM
        case 'in':
          return t !== null && (x as string[]).includes(t)
        case 'not_in':
          return t === null || !(x as string[]).includes(t)
        case 'is_empty':
          return t === null || t === ''
        case 'is_not_empty':
          return t !== null && t !== ''
        case 'contains':
          return t !== null && lower(t).includes(lower(x as string))
        case 'not_contains':
          return t === null || !lower(t).includes(lower(x as string))
        case 'starts_with':
          return t !== null && lower(t).startsWith(lower(x as string))
        case 'ends_with':
          return t !== null && lower(t).endsWith(lower(x as string))
      }
      break
    }
    case 'N': {
      const n = v as number | null
      const y = x as number
      switch (cnd.op) {
        case 'eq':
          return n !== null && n === y
        case 'neq':
          return n === null || n !== y
        case 'gt':
          return n !== null && n > y
        case 'gte':
          return n !== null && n >= y
        case 'lt':
          return n !== null && n < y
        case 'lte':
          return n !== null && n <= y
        case 'in':
          return n !== null && (x as number[]).includes(n)
        case 'not_in':
          return n === null || !(x as number[]).includes(n)
        case 'is_empty':
          return n === null
        case 'is_not_empty':
          return n !== null
      }
      break
    }
    case 'S': {
      const b = v as boolean | null
      switch (cnd.op) {
        case 'eq':
          return b === x
        case 'neq':
          return b !== x // IS NOT TRUE / IS NOT FALSE: nulls match
        case 'is_true':
          return b === true
        case 'is_false':
          return b !== true // an untouched switch is off
        case 'is_empty':
          return b === null
        case 'is_not_empty':
          return b !== null
      }
      break
    }
    case 'Sel': {
      const s = v as string | null
      switch (cnd.op) {
        case 'eq':
          return s !== null && s === x
        case 'neq':
          return s === null || s !== x
        case 'in':
          return s !== null && (x as string[]).includes(s)
        case 'not_in':
          return s === null || !(x as string[]).includes(s)
        case 'is_empty':
          return s === null
        case 'is_not_empty':
          return s !== null
      }
      break
    }
    case 'M': {
      const m = v as string[] | null
      const want = x as string[]
      switch (cnd.op) {
        case 'has_any':
          return m !== null && want.some((w) => m.includes(w))
        case 'has_all':
          return m !== null && want.every((w) => m.includes(w))
        case 'has_none':
          return m === null || !want.some((w) => m.includes(w))
        case 'eq':
          return m !== null && want.every((w) => m.includes(w)) && m.every((w) => want.includes(w))
        case 'is_empty':
          return m === null || m.length === 0
        case 'is_not_empty':
          return m !== null && m.length > 0
      }
      break
    }
    case 'D': {
      const d = v as string | null
      switch (cnd.op) {
        case 'eq':
        case 'on':
          return d !== null && d === x
        case 'neq':
          return d === null || d !== x
        case 'gt':
        case 'after':
          return d !== null && d > (x as string)
        case 'gte':
          return d !== null && d >= (x as string)
        case 'lt':
        case 'before':
          return d !== null && d < (x as string)
        case 'lte':
          return d !== null && d <= (x as string)
        case 'between': {
          const [from, to] = x as [string, string]
          return d !== null && from <= d && d <= to
        }
        case 'in':
          return d !== null && (x as string[]).includes(d)
        case 'not_in':
          return d === null || !(x as string[]).includes(d)
        case 'is_empty':
          return d === null
        case 'is_not_empty':
          return d !== null
      }
      break
    }
  }
  throw new Error(`reference evaluator lacks ${cnd.field} ${cnd.op}`)
}

function evalNode(r: Row, n: Node): boolean {
  if ('and' in n) return n.and!.every((c) => evalNode(r, c))
  if ('or' in n) return n.or!.some((c) => evalNode(r, c))
  return evalCond(r, n as Cond)
}

/** The sort value as PostgreSQL orders it: select options by position, arrays element-wise. */
function sortValue(r: Row, f: Field): string | number | boolean | string[] | null {
  if (f === 'Sel') return r.Sel === null ? null : SEL_OPTIONS.indexOf(r.Sel) + 1
  return r[f]
}

function cmpNonNull(a: string | number | boolean | string[], b: string | number | boolean | string[]): number {
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const c = cmpNonNull(a[i]!, b[i]!)
      if (c !== 0) return c
    }
    return a.length - b.length
  }
  if (typeof a === 'boolean') return Number(a) - Number(b)
  if (typeof a === 'number') return a - (b as number)
  // Codepoint order: the stored alphabet is ASCII, and the databases collate as C.
  return a < (b as string) ? -1 : a > (b as string) ? 1 : 0
}

/** Ascending with NULLS LAST; a descending key reverses it, which puts NULLS FIRST. */
function cmpKey(a: ReturnType<typeof sortValue>, b: ReturnType<typeof sortValue>, dir: 'asc' | 'desc'): number {
  let c: number
  if (a === null && b === null) c = 0
  else if (a === null) c = 1
  else if (b === null) c = -1
  else c = cmpNonNull(a, b)
  return dir === 'asc' ? c : -c
}

function expectedIds(rows: Row[], filter: Node | undefined, sort: Sort[]): string[] {
  const hit = filter ? rows.filter((r) => evalNode(r, filter)) : [...rows]
  // Bulk rows share created_at (one COPY, one transaction), so with no sort the order is id asc.
  const idDir = sort.length ? sort[sort.length - 1]!.direction : 'asc'
  hit.sort((a, b) => {
    for (const s of sort) {
      const c = cmpKey(sortValue(a, s.field), sortValue(b, s.field), s.direction)
      if (c !== 0) return c
    }
    return cmpKey(a.id, b.id, idDir)
  })
  return hit.map((r) => r.id)
}

// ---------------------------------------------------------------------------------------------
// Setup

let t: TestServer
let tableId: string
let rows: Row[]

beforeAll(async () => {
  t = await startTestServer()
  const app = await t.api('POST', '/api/apps', { name: 'Props' })
  expect(app.status).toBe(201)
  const table = await t.api('POST', `/api/apps/${app.body.id}/tables`, {
    name: 'Things',
    columns: [
      { name: 'T', type: 'text' },
      { name: 'N', type: 'number', config: { precision: 0 } },
      { name: 'S', type: 'switch' },
      { name: 'Sel', type: 'single_select', config: { options: SEL_OPTIONS.map((id) => ({ id, label: id })) } },
      { name: 'M', type: 'multiple_select', config: { options: M_OPTIONS.map((id) => ({ id, label: id })) } },
      { name: 'D', type: 'date' },
    ],
  })
  expect(table.status).toBe(201)
  tableId = table.body.id
  const seeds = fc.sample(rowArb, { numRuns: ROW_COUNT, seed: 20260301 })
  const bulk = await t.api('POST', `/api/tables/${tableId}/records/bulk`, { records: seeds.map((fields) => ({ fields })) })
  expect(bulk.status).toBe(201)
  expect(bulk.body.created).toBe(ROW_COUNT)
  rows = seeds.map((s, i) => ({ id: bulk.body.ids[i], ...s }))
}, 120_000)
afterAll(() => t?.close())

async function query(body: Record<string, unknown>) {
  const r = await t.api('POST', `/api/tables/${tableId}/records/query`, body)
  if (r.status !== 200) throw new Error(`query ${JSON.stringify(body)} answered ${r.status}: ${r.text}`)
  return r.body as { records: Array<{ id: string; fields: Record<string, unknown> }>; total?: number; nextCursor?: string }
}
const ids = (r: { records: Array<{ id: string }> }) => r.records.map((x) => x.id)

// ---------------------------------------------------------------------------------------------
// Properties

describe('records query against a reference evaluator', () => {
  it('stores and returns the seeded values unchanged', async () => {
    const r = await query({ limit: 1000 })
    expect(r.records).toHaveLength(ROW_COUNT)
    const byId = new Map(r.records.map((x) => [x.id, x.fields]))
    for (const row of rows) {
      const { id, ...fields } = row
      expect(byId.get(id), `record ${id}`).toEqual(fields)
    }
  })

  it('without a sort, answers the rows in id order (they share created_at)', async () => {
    expect(ids(await query({ limit: 1000 }))).toEqual(expectedIds(rows, undefined, []))
  })

  it('filters: the ids match the reference (as a set, in default order)', async () => {
    await fc.assert(
      fc.asyncProperty(filterArb, async (filter) => {
        const r = await query({ filter, limit: 1000, count: true })
        const want = expectedIds(rows, filter, [])
        expect(ids(r)).toEqual(want)
        expect(r.total).toBe(want.length)
      }),
      { numRuns: 60 },
    )
  })

  it('sorts: the order matches the reference exactly (nulls last asc, first desc, id tiebreak)', async () => {
    await fc.assert(
      fc.asyncProperty(sortArb, async (sort) => {
        const r = await query({ sort, limit: 1000 })
        expect(ids(r)).toEqual(expectedIds(rows, undefined, sort))
      }),
      { numRuns: 60 },
    )
  })

  it('filter and sort together match the reference exactly', async () => {
    await fc.assert(
      fc.asyncProperty(filterArb, sortArb, async (filter, sort) => {
        const r = await query({ filter, sort, limit: 1000 })
        expect(ids(r)).toEqual(expectedIds(rows, filter, sort))
      }),
      { numRuns: 60 },
    )
  })

  it('offset pages concatenated equal the full list', async () => {
    await fc.assert(
      fc.asyncProperty(fc.option(filterArb, { nil: undefined }), sortArb, fc.integer({ min: 3, max: 40 }), async (filter, sort, size) => {
        const full = ids(await query({ filter, sort, limit: 1000 }))
        expect(full).toEqual(expectedIds(rows, filter, sort))
        const paged: string[] = []
        for (let offset = 0; offset <= full.length; offset += size) {
          paged.push(...ids(await query({ filter, sort, limit: size, offset })))
        }
        expect(paged).toEqual(full)
      }),
      { numRuns: 30 },
    )
  })

  it('cursor pages (following nextCursor) equal the full list', async () => {
    await fc.assert(
      fc.asyncProperty(fc.option(filterArb, { nil: undefined }), sortArb, fc.integer({ min: 3, max: 40 }), async (filter, sort, size) => {
        const full = ids(await query({ filter, sort, limit: 1000 }))
        expect(full).toEqual(expectedIds(rows, filter, sort))
        const paged: string[] = []
        let cursor: string | undefined
        for (let i = 0; i <= full.length / size + 1; i++) {
          const page = await query({ filter, sort, limit: size, ...(cursor ? { cursor } : {}) })
          paged.push(...ids(page))
          cursor = page.nextCursor
          if (!cursor) break
        }
        expect(cursor).toBeUndefined()
        expect(paged).toEqual(full)
      }),
      { numRuns: 30 },
    )
  })

  it('cursor pages cross every column type, both directions (small pages, so cursors land on every kind of value)', async () => {
    for (const field of FIELDS) {
      for (const direction of ['asc', 'desc'] as const) {
        const sort = [{ field, direction }]
        const want = expectedIds(rows, undefined, sort)
        const paged: string[] = []
        let cursor: string | undefined
        for (let i = 0; i < ROW_COUNT; i++) {
          const page = await query({ sort, limit: 3, ...(cursor ? { cursor } : {}) })
          paged.push(...ids(page))
          cursor = page.nextCursor
          if (!cursor) break
        }
        expect(cursor, `${field} ${direction}`).toBeUndefined()
        expect(paged, `${field} ${direction}`).toEqual(want)
      }
    }
  })
})
