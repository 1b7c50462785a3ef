import fc from 'fast-check'
import { sql } from '@docpal/plugin-sdk'
import { conditionsHold, conditionsHoldMany, type ChangeFacts } from '@docpal/kernel'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../support/test-server.ts'

/**
 * A workflow trigger's conditions (issue 18) against a plain TypeScript reference: random trees
 * of and/or over text and number comparisons, emptiness, "changed", "changed from/to" and
 * field-to-field comparisons, evaluated by the kernel (PostgreSQL on the committed row) for random
 * rows and random changes, and by the reference below.
 */
interface Row {
  T: string | null
  U: string | null
  N: number | null
}
type Leaf =
  | { field: 'T' | 'U'; op: 'eq' | 'neq' | 'contains' | 'is_empty' | 'is_not_empty'; value?: string }
  | { field: 'N'; op: 'eq' | 'gt' | 'lt' | 'is_empty'; value?: number }
  | { changed: 'T' | 'N' }
  | { field: 'T' | 'N'; changedTo: string | number | null }
  | { field: 'T'; op: 'sameAs' | 'differsFrom'; otherField: 'U' }
type Node = Leaf | { and: Node[] } | { or: Node[] }

const text = fc.constantFrom(null, '', 'a', 'b', 'ab', 'A')
const num = fc.constantFrom(null, -1, 0, 1, 2)
const row: fc.Arbitrary<Row> = fc.record({ T: text, U: text, N: num })
const leaf: fc.Arbitrary<Leaf> = fc.oneof(
  fc.record({
    field: fc.constantFrom('T' as const, 'U' as const),
    op: fc.constantFrom('eq' as const, 'neq' as const, 'contains' as const),
    value: fc.constantFrom('a', 'b', 'ab'),
  }),
  fc.record({ field: fc.constantFrom('T' as const, 'U' as const), op: fc.constantFrom('is_empty' as const, 'is_not_empty' as const) }),
  fc.record({ field: fc.constant('N' as const), op: fc.constantFrom('eq' as const, 'gt' as const, 'lt' as const), value: fc.constantFrom(-1, 0, 1) }),
  fc.record({ field: fc.constant('N' as const), op: fc.constant('is_empty' as const) }),
  fc.record({ changed: fc.constantFrom('T' as const, 'N' as const) }),
  fc.oneof(
    fc.record({ field: fc.constant('T' as const), changedTo: fc.constantFrom('a', 'b', null) }),
    fc.record({ field: fc.constant('N' as const), changedTo: fc.constantFrom(0, 1, null) }),
  ),
  fc.record({ field: fc.constant('T' as const), op: fc.constantFrom('sameAs' as const, 'differsFrom' as const), otherField: fc.constant('U' as const) }),
)
const tree: fc.Arbitrary<Node> = fc.letrec<{ node: Node }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.record({ and: fc.array(tie('node'), { maxLength: 3 }) }),
    fc.record({ or: fc.array(tie('node'), { maxLength: 3 }) }),
  ),
})).node

const empty = (v: unknown) => v === null || v === ''

/** The documented semantics: text eq exact, contains ignores case, neq keeps empties; numbers compare, empty never does. */
function reference(n: Node, r: Row, before: Partial<Row> | undefined): boolean {
  if ('and' in n) return n.and.every((c) => reference(c, r, before))
  if ('or' in n) return n.or.some((c) => reference(c, r, before))
  if ('changed' in n) return before !== undefined && n.changed in before
  if ('changedTo' in n) return before !== undefined && n.field in before && (r[n.field] ?? null) === n.changedTo
  if ('otherField' in n) return (n.op === 'sameAs') === (r.T === r.U)
  const v = r[n.field]
  switch (n.op) {
    case 'is_empty':
      return empty(v)
    case 'is_not_empty':
      return !empty(v)
    case 'eq':
      return v !== null && v === n.value
    case 'neq':
      return v === null || v !== n.value
    case 'contains':
      return typeof v === 'string' && v.toLowerCase().includes(String(n.value).toLowerCase())
    case 'gt':
      return typeof v === 'number' && v > (n.value as number)
    case 'lt':
      return typeof v === 'number' && v < (n.value as number)
  }
}

let t: TestServer
let tableId: string
beforeAll(async () => {
  t = await startTestServer()
  const app = (await t.api('POST', '/api/apps', { name: 'Cond' })).body.id
  tableId = (
    await t.api('POST', `/api/apps/${app}/tables`, {
      name: 'C',
      columns: [
        { name: 'T', type: 'text' },
        { name: 'U', type: 'text' },
        { name: 'N', type: 'number' },
      ],
    })
  ).body.id
})
afterAll(() => t?.close())

describe('workflow trigger conditions', () => {
  it('agree with the reference on random rows, changes and trees', async () => {
    const k = t.server.kernel
    const companyId = (await k.db.one<{ c: string }>(sql`select company_id as c from data_tables where id = ${tableId}`))?.c ?? ''
    const rt = await k.tables.get(companyId, tableId)
    const col = (name: string) => {
      const c = rt.meta.columns.find((x) => x.name === name)
      if (!c?.columnName) throw new Error(`no column ${name}`)
      return { id: c.id, physical: c.columnName }
    }
    const cols = { T: col('T'), U: col('U'), N: col('N') }
    const before = fc.option(fc.record({ T: text, N: num }, { requiredKeys: [] }), { nil: undefined })
    /** The committed row as the outbox trigger stores it (to_jsonb of the physical row), and the change facts. */
    const committed = (r: Row, b: Partial<Pick<Row, 'T' | 'N'>> | undefined, i = 1) => {
      const physical: Record<string, unknown> = {
        id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
        created_at: new Date().toISOString(),
        updated_at: new Date().toISOString(),
        created_by: null,
      }
      for (const [name, c] of Object.entries(cols)) physical[c.physical] = r[name as keyof Row]
      const changedBefore = b === undefined ? undefined : Object.fromEntries(Object.entries(b).filter(([f, v]) => v !== r[f as keyof Row]))
      const facts: ChangeFacts | undefined =
        changedBefore === undefined
          ? undefined
          : {
              before: Object.fromEntries(Object.entries(changedBefore).map(([f, v]) => [cols[f as keyof Row].id, v])),
              after: Object.fromEntries(Object.entries(cols).map(([f, c]) => [c.id, r[f as keyof Row]])),
            }
      return { physical, changedBefore, facts }
    }
    await fc.assert(
      fc.asyncProperty(row, before, tree, async (r, b, cond) => {
        const { physical, changedBefore, facts } = committed(r, b)
        const got = await conditionsHold(k.db, rt, cond, physical, facts)
        expect(got, JSON.stringify({ r, before: changedBefore, cond })).toBe(reference(cond, r, changedBefore))
      }),
      { numRuns: 150 },
    )
    // A dispatch slice: several writes asked at once (one query per distinct compiled filter).
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(row, before), { minLength: 1, maxLength: 8 }), tree, async (writes, cond) => {
        const items = writes.map(([r, b], i) => committed(r, b, i + 1))
        const got = await conditionsHoldMany(
          k.db,
          rt,
          cond,
          items.map((x) => ({ row: x.physical, facts: x.facts })),
        )
        expect(got, JSON.stringify({ writes, cond })).toEqual(writes.map(([r], i) => reference(cond, r, items[i]?.changedBefore)))
      }),
      { numRuns: 150 },
    )
  })
})
