import fc from 'fast-check'
import type { Call } from './http-client.ts'
import { EDGE_STRINGS, hostileValue, type Hints } from './schema-arbitrary.ts'

/** What the fuzzer aims at: an app with a table of many field types, records, a view and a folder. */
export interface Fixture {
  appId: string
  tableId: string
  targetId: string
  folderId: string
  viewId: string
  columns: Array<{ id: string; name: string; type: string }>
  recordIds: string[]
}

async function must(call: Call, method: string, path: string, body?: unknown): Promise<any> {
  const r = await call(method, path, body)
  if (r.status >= 300) throw new Error(`fixture: ${method} ${path} answered ${r.status}: ${r.text.slice(0, 300)}`)
  return r.body
}

export async function createFixture(call: Call): Promise<Fixture> {
  const appId = (await must(call, 'POST', '/api/apps', { name: 'Fuzz' })).id as string
  const target = await must(call, 'POST', `/api/apps/${appId}/tables`, { name: 'Target', columns: [{ name: 'Label', type: 'text' }] })
  const table = await must(call, 'POST', `/api/apps/${appId}/tables`, {
    name: 'Things',
    columns: [
      { name: 'Title', type: 'text' },
      { name: 'Notes', type: 'long_text' },
      { name: 'Qty', type: 'number', config: { precision: 2 } },
      { name: 'Due', type: 'date' },
      { name: 'Done', type: 'switch' },
      { name: 'Mail', type: 'email' },
      { name: 'Site', type: 'url' },
      {
        name: 'Stage',
        type: 'single_select',
        config: {
          options: [
            { id: 'a', label: 'A' },
            { id: 'b', label: 'B' },
          ],
        },
      },
      {
        name: 'Tags',
        type: 'multiple_select',
        config: {
          options: [
            { id: 'x', label: 'X' },
            { id: 'y', label: 'Y' },
          ],
        },
      },
      { name: 'Twice', type: 'formula', config: { formula: '{Qty} * 2' } },
    ],
  })
  const rel = await must(call, 'POST', `/api/tables/${table.id}/columns`, { name: 'Link', type: 'relation', config: { targetTableId: target.id, allowMultiple: true } })
  const label = (target.columns as Array<{ id: string }>)[0]!.id
  await must(call, 'POST', `/api/tables/${table.id}/columns`, { name: 'Labels', type: 'lookup', config: { relationFieldId: rel.column.id, targetFieldId: label } })
  await must(call, 'POST', `/api/tables/${table.id}/columns`, { name: 'Count', type: 'aggregation', config: { relationFieldId: rel.column.id, aggregation: 'count' } })
  const t = await must(call, 'GET', `/api/tables/${table.id}`)
  const targetRow = (await must(call, 'POST', `/api/tables/${target.id}/records`, { fields: { Label: 'one' } })).id as string
  const recordIds: string[] = []
  for (let i = 0; i < 3; i++)
    recordIds.push((await must(call, 'POST', `/api/tables/${table.id}/records`, { fields: { Title: `r${i}`, Qty: i, Stage: 'a', Tags: ['x'], Link: [targetRow] } })).id)
  const viewId = (await must(call, 'POST', `/api/apps/${appId}/views`, { name: 'All', dataTableId: table.id, type: 'table', queryConfig: {} })).id as string
  const folderId = (await must(call, 'POST', `/api/apps/${appId}/folders`, { name: 'F' })).id as string
  await must(call, 'POST', `/api/folders/${folderId}/items`, { itemType: 'table', itemId: table.id })
  return { appId, tableId: table.id, targetId: target.id, folderId, viewId, columns: t.columns, recordIds }
}

/** Names of things that exist, for the property and parameter names the API uses. */
export function hintsOf(f: Fixture, types: { fields: string[]; views: string[]; others: string[]; plugins: string[] }): Hints {
  const names = f.columns.map((c) => c.name)
  const columnIds = f.columns.map((c) => c.id)
  const value = fc.oneof(
    fc.string({ maxLength: 20 }),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.constantFrom('a', 'x', ['x', 'y'], '2024-02-29', f.recordIds),
    hostileValue,
  )
  const fieldsObject = fc.dictionary(fc.constantFrom(...names, ...columnIds), value, { maxKeys: 6 })
  const filter = fc.record({
    and: fc.array(
      fc.record({ field: fc.constantFrom(...names, 'id', 'createdAt'), op: fc.constantFrom('eq', 'neq', 'gt', 'contains', 'in', 'has_any', 'is_empty', 'between'), value }),
      { maxLength: 3 },
    ),
  })
  const sort = fc.array(fc.record({ field: fc.constantFrom(...names, 'id'), direction: fc.constantFrom('asc', 'desc', 'up') }), { maxLength: 3 })
  return {
    'apps:id': fc.constant(f.appId),
    appId: fc.constant(f.appId),
    'tables:id': fc.constantFrom(f.tableId, f.targetId),
    tableId: fc.constantFrom(f.tableId, f.targetId),
    'folders:id': fc.constant(f.folderId),
    folderId: fc.constant(f.folderId),
    'views:id': fc.constant(f.viewId),
    'plugins:id': fc.constantFrom(...types.plugins, 'node_modules', 'Field-Text'),
    columnId: fc.constantFrom(...columnIds),
    recordId: fc.constantFrom(...f.recordIds),
    itemId: fc.constantFrom(f.tableId, f.viewId, f.folderId),
    id: fc.constantFrom(...columnIds, ...f.recordIds),
    ids: fc.array(fc.constantFrom(...f.recordIds), { minLength: 1, maxLength: 3 }),
    type: fc.constantFrom(...types.fields, ...types.views, ...types.others),
    name: fc.oneof(fc.constantFrom(...names, 'Fresh', 'Fresh\u0301'), fc.constantFrom(...EDGE_STRINGS)),
    dataTableId: fc.constant(f.tableId),
    targetTableId: fc.constant(f.targetId),
    relationFieldId: fc.constantFrom(...columnIds),
    targetFieldId: fc.constantFrom(...columnIds),
    fields: fieldsObject,
    records: fc.array(fc.record({ fields: fieldsObject }), { maxLength: 4 }),
    filter,
    sort,
    'query:filter': filter.map((x) => JSON.stringify(x)),
    'query:sort': sort.map((x) => JSON.stringify(x)),
    'query:fields': fc.array(fc.constantFrom(...names), { maxLength: 4 }).map((x) => JSON.stringify(x)),
    'query:force': fc.constantFrom('true', 'false'),
    'query:dryRun': fc.constantFrom('true', 'false'),
  }
}
