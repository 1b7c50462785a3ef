import { sql, type FilterNode, type SQL } from '@docpal/plugin-sdk'
import { codes } from '../errors/codes.ts'
import { compile, type Executor } from '../db/executor.ts'
import { compileFilter } from '../query/compile.ts'
import { parseFilter } from '../query/parse.ts'
import { resolveQuery } from '../query/resolve.ts'
import type { TableRuntime } from '../schema/table-runtime.ts'

/**
 * A workflow's trigger conditions: the query filter grammar over the record ({and}, {or},
 * {field, op, value}), evaluated by PostgreSQL on the row as it was committed (so a condition means
 * exactly what the same filter means in a view), plus leaves that look at the change:
 * `{changed: "Stage"}`, `{field: "Stage", changedFrom?: x, changedTo?: y}` (stored values: option
 * ids for selects) and `{field: "Amount", op: "sameAs" | "differsFrom", otherField: "Budget"}`.
 */
export interface ChangeFacts {
  /** Column id -> value before, for the columns the write changed (updates only). */
  readonly before: Readonly<Record<string, unknown>> | undefined
  /** Column id -> value after. */
  readonly after: Readonly<Record<string, unknown>>
}

const MAX_DEPTH = 12
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
/** Two stored values are the same change-wise (null and absent alike); JSON is what both sides were read as. */
export const same = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null)

function constant(value: boolean): FilterNode {
  return { kind: 'predicate', plugin: 'workflows', build: () => (value ? sql`true` : sql`false`) }
}

/**
 * The conditions as a filter over the table: change leaves are decided here (constants), field
 * comparisons become predicates, the rest is the query grammar, checked by the field types.
 */
export function conditionFilter(
  rt: TableRuntime,
  input: unknown,
  facts: ChangeFacts | undefined,
  path: Array<string | number> = ['trigger', 'conditions'],
): FilterNode | undefined {
  if (input === undefined || input === null) return undefined
  const walk = (n: unknown, at: Array<string | number>, depth: number): FilterNode => {
    if (depth > MAX_DEPTH) throw codes.KRN_ERR_VALIDATION(`Condition groups nest at most ${MAX_DEPTH} deep.`, { path: at })
    if (!isObject(n)) throw codes.KRN_ERR_VALIDATION('A condition is an object: {"and": [...]}, {"or": [...]}, {"field", "op", "value"} or {"changed": "<field>"}.', { path: at })
    for (const kind of ['and', 'or'] as const) {
      const children = n[kind]
      if (kind in n) {
        if (!Array.isArray(children)) throw codes.KRN_ERR_VALIDATION(`'${kind}' takes an array of conditions.`, { path: [...at, kind] })
        return { kind, children: children.map((c, i) => walk(c, [...at, kind, i], depth + 1)) }
      }
    }
    if (typeof n['changed'] === 'string') {
      const f = rt.field(n['changed'], [...at, 'changed'])
      return constant(facts?.before !== undefined && Object.hasOwn(facts.before, f.key))
    }
    if ('changedFrom' in n || 'changedTo' in n) {
      if (typeof n['field'] !== 'string') throw codes.KRN_ERR_VALIDATION('A change condition needs "field".', { path: [...at, 'field'] })
      const f = rt.field(n['field'], [...at, 'field'])
      const before = facts?.before
      if (!before || !Object.hasOwn(before, f.key)) return constant(false)
      const fromOk = !('changedFrom' in n) || same(before[f.key], n['changedFrom'])
      const toOk = !('changedTo' in n) || same(facts.after[f.key], n['changedTo'])
      return constant(fromOk && toOk)
    }
    if (n['op'] === 'sameAs' || n['op'] === 'differsFrom') {
      if (typeof n['field'] !== 'string' || typeof n['otherField'] !== 'string') throw codes.KRN_ERR_VALIDATION('A field comparison needs "field" and "otherField".', { path: at })
      const a = rt.field(n['field'], [...at, 'field']).key
      const b = rt.field(n['otherField'], [...at, 'otherField']).key
      const differs = n['op'] === 'differsFrom'
      return { kind: 'predicate', plugin: 'workflows', build: (col) => (differs ? sql`${col(a)} is distinct from ${col(b)}` : sql`${col(a)} is not distinct from ${col(b)}`) }
    }
    return present(parseFilter(rt, n, at), at)
  }
  return walk(input, path, 0)
}

function present(node: FilterNode | undefined, at: Array<string | number>): FilterNode {
  if (!node) throw codes.KRN_ERR_VALIDATION('A condition is missing.', { path: at })
  return node
}

/** Whether the committed row `row` (the table's physical row as JSON) meets the conditions. */
export async function conditionsHold(
  ex: Executor,
  rt: TableRuntime,
  conditions: unknown,
  row: Readonly<Record<string, unknown>>,
  facts: ChangeFacts | undefined,
): Promise<boolean> {
  const [ok] = await conditionsHoldMany(ex, rt, conditions, [{ row, facts }])
  return ok === true
}

/**
 * Whether each committed row meets the conditions, in one query per distinct compiled filter (a
 * slice of creates shares one: their change leaves are all constants alike), so a bulk write or a
 * busy table costs a query per dispatch, not per row.
 */
export async function conditionsHoldMany(
  ex: Executor,
  rt: TableRuntime,
  conditions: unknown,
  items: ReadonlyArray<{ readonly row: Readonly<Record<string, unknown>>; readonly facts: ChangeFacts | undefined }>,
): Promise<boolean[]> {
  const out = items.map(() => false)
  const groups = new Map<string, { where: SQL; at: number[] }>()
  const compiled = (facts: ChangeFacts | undefined): { where: SQL; key: string } | undefined => {
    const filter = conditionFilter(rt, conditions, facts)
    const q =
      filter &&
      resolveQuery(rt, { kind: 'select', tableId: rt.meta.id, fields: undefined, filter, sort: [], limit: 1, offset: 0, after: undefined, count: 'none', groupBy: undefined })
    if (!q?.filter) return undefined
    const where = compileFilter(rt, q.filter, rt.scope())
    return { where, key: JSON.stringify(compile(where)) }
  }
  // Without a before (creates, deletes) every change leaf is false whatever the row: one filter.
  let noChange: { where: SQL; key: string } | undefined | null = null
  for (const [i, it] of items.entries()) {
    const c = it.facts?.before === undefined ? (noChange === null ? (noChange = compiled(it.facts)) : noChange) : compiled(it.facts)
    if (!c) {
      out[i] = true
      continue
    }
    const { where, key } = c
    const g = groups.get(key) ?? { where, at: [] }
    g.at.push(i)
    groups.set(key, g)
  }
  for (const { where, at } of groups.values()) {
    const rows = JSON.stringify(at.map((i) => items[i]?.row))
    const found = await ex.query<{ i: number; ok: boolean | null }>(
      sql`select (t.ordinality - 1)::int as i, (${where}) as ok from rows from (jsonb_populate_recordset(null::${rt.physical}, ${rows}::jsonb)) with ordinality as t${rt.storedJoin}`,
    )
    for (const r of found) {
      const i = at[r.i]
      if (i !== undefined) out[i] = r.ok === true
    }
  }
  return out
}
