import type { Api, TestServer } from './test-server.ts'
import { addPerson, defineRole, type Person } from './perm-people.ts'

/**
 * The permissions property test's world: one company, its owner, an admin, two members and a
 * person with a custom role; a "Deals" table with a column of each kind a rule can touch (text,
 * number, single select, user, a formula over the number, a relation and a lookup through it)
 * and rows created by each of them; a view that groups by the select.
 */
export const CUSTOM_ROLE = 'clerk'
export const FRUITS = ['apple', 'plum', 'kiwi', 'mango', 'pear', 'lime'] as const
export const STAGES = ['stg_open', 'stg_won', 'stg_lost'] as const
/** Columns a rule may hide or make read-only (the computed ones follow what they read). */
export const RULE_FIELDS = ['Title', 'Memo', 'Amount', 'Stage', 'Assignee', 'Regions'] as const
export const ALL_FIELDS = [...RULE_FIELDS, 'Doubled', 'Region names', 'Region codes'] as const
export type FieldName = (typeof ALL_FIELDS)[number]
/** What each computed column reads: hidden when any of these is. */
export const DEPENDS: Readonly<Partial<Record<FieldName, ReadonlyArray<FieldName>>>> = { Doubled: ['Amount'], 'Region names': ['Regions'], 'Region codes': ['Regions'] }
/** The lookup of the Regions table's Code column: hidden too from whoever a rule on Regions hides Code from. */
export const TARGET_LOOKUP: FieldName = 'Region codes'

/** A record as the owner reads it: the truth every other caller's answer is cut from. */
export interface Row {
  readonly id: string
  readonly createdBy: string
  readonly createdAt: string
  readonly updatedAt: string
  readonly fields: Readonly<Record<string, unknown>>
}

export interface PermWorld {
  readonly companyId: string
  readonly owner: Person
  readonly admin: Person
  /** Everyone rules may limit: two members and the custom role. */
  readonly limited: ReadonlyArray<Person>
  readonly everyone: ReadonlyArray<Person>
  readonly appId: string
  readonly tableId: string
  readonly regionsTableId: string
  readonly regionIds: ReadonlyArray<string>
  readonly regionNames: ReadonlyArray<string>
  /** Column ids by name. */
  readonly columns: Readonly<Record<FieldName, string>>
  /** A table view grouping by Stage. */
  readonly groupViewId: string
  rows: Row[]
}

async function ok<T = any>(p: Promise<{ status: number; body: T; text: string }>, what: string): Promise<T> {
  const r = await p
  if (r.status >= 300) throw new Error(`${what}: ${r.status} ${r.text}`)
  return r.body
}

/** A small deterministic generator: the world is the same on both databases. */
function prng(seed: number): (n: number) => number {
  let s = seed >>> 0
  return (n) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    return s % n
  }
}

/** Every record of the table as the owner reads it. */
export async function ownerRows(api: Api, tableId: string): Promise<Row[]> {
  const page = await ok(api('GET', `/api/tables/${tableId}/records?limit=1000`), 'owner rows')
  return page.records as Row[]
}

export async function buildPermWorld(t: TestServer, rowCount = 36): Promise<PermWorld> {
  const api = t.api
  const me = await ok(api('GET', '/api/auth/me'), 'me')
  const companyId: string = me.currentCompanyId
  await defineRole(api, companyId, CUSTOM_ROLE, 'Clerk')
  const owner: Person = { name: 'Owner', userId: me.user.id, role: 'owner', api }
  const add = (name: string, role: string) => addPerson(t.url, api, t.anon, (s) => t.as(s), companyId, name, role)
  const admin = await add('Ada', 'admin')
  const limited = [await add('Mia', 'member'), await add('Max', 'member'), await add('Cal', CUSTOM_ROLE)]
  const everyone = [owner, admin, ...limited]

  const app = await ok(api('POST', '/api/apps', { name: 'Sales' }), 'app')
  const regions = await ok(
    api('POST', `/api/apps/${app.id}/tables`, {
      name: 'Regions',
      columns: [
        { name: 'Name', type: 'text' },
        { name: 'Code', type: 'text' },
      ],
    }),
    'regions',
  )
  const regionNames = ['north-zone', 'south-zone', 'east-zone', 'west-zone']
  const regionIds: string[] = []
  for (const name of regionNames)
    regionIds.push((await ok(api('POST', `/api/tables/${regions.id}/records`, { fields: { Name: name, Code: `rc-${name.slice(0, 1)}q` } }), 'region')).id)
  const table = await ok(
    api('POST', `/api/apps/${app.id}/tables`, {
      name: 'Deals',
      columns: [
        { name: 'Title', type: 'text' },
        { name: 'Memo', type: 'text' },
        { name: 'Amount', type: 'number', config: { precision: 2 } },
        { name: 'Stage', type: 'single_select', config: { options: STAGES.map((id) => ({ id, label: id.slice(4) })) } },
        { name: 'Assignee', type: 'user' },
        { name: 'Regions', type: 'relation', config: { targetTableId: regions.id, allowMultiple: true } },
      ],
    }),
    'deals',
  )
  const ids = Object.fromEntries((table.columns as Array<{ id: string; name: string }>).map((c) => [c.name, c.id])) as Record<string, string>
  const formula = await ok(api('POST', `/api/tables/${table.id}/columns`, { name: 'Doubled', type: 'formula', config: { formula: '{Amount} * 2' } }), 'formula')
  const lookup = await ok(
    api('POST', `/api/tables/${table.id}/columns`, { name: 'Region names', type: 'lookup', config: { relationFieldId: ids['Regions'], targetFieldId: regions.columns[0].id } }),
    'lookup',
  )
  const codes = await ok(
    api('POST', `/api/tables/${table.id}/columns`, { name: 'Region codes', type: 'lookup', config: { relationFieldId: ids['Regions'], targetFieldId: regions.columns[1].id } }),
    'lookup of codes',
  )
  // A column shortcut answers the table; the new column is among its columns.
  const idOf = (answer: { columns: Array<{ id: string; name: string }> }, name: string) => answer.columns.find((c) => c.name === name)!.id
  const columns = { ...ids, Doubled: idOf(formula, 'Doubled'), 'Region names': idOf(lookup, 'Region names'), 'Region codes': idOf(codes, 'Region codes') } as Record<
    FieldName,
    string
  >
  const view = await ok(api('POST', `/api/apps/${app.id}/views`, { name: 'By stage', dataTableId: table.id, type: 'table', queryConfig: { groupBy: 'Stage' } }), 'view')

  const rnd = prng(17)
  for (let i = 0; i < rowCount; i++) {
    const author = everyone[i % everyone.length]!
    const fruit = FRUITS[rnd(FRUITS.length)]!
    const fields: Record<string, unknown> = {
      Title: `${fruit} deal ${i}`,
      // Distinct texts (a leak check looks for them), with a fruit word a search may find in them only.
      Memo: rnd(5) === 0 ? null : `${FRUITS[rnd(FRUITS.length)]} memo m${i}x`,
      Amount: rnd(6) === 0 ? null : 1000 + rnd(900) + 0.25,
      Stage: rnd(5) === 0 ? null : STAGES[rnd(STAGES.length)],
      Assignee: rnd(4) === 0 ? null : everyone[rnd(everyone.length)]!.userId,
      Regions: regionIds.filter(() => rnd(3) === 0),
    }
    await ok(author.api('POST', `/api/tables/${table.id}/records`, { fields }), `row ${i} by ${author.name}`)
  }
  return {
    companyId,
    owner,
    admin,
    limited,
    everyone,
    appId: app.id,
    tableId: table.id,
    regionsTableId: regions.id,
    regionIds,
    regionNames,
    columns,
    groupViewId: view.id,
    rows: await ownerRows(api, table.id),
  }
}
