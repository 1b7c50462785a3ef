import postgres from 'postgres'
import { api, createBenchDatabase, percentile, report, startServerProcess, time, authFetch, vacuumAnalyze } from './lib.ts'

interface Table {
  id: string
  tableName: string
  columns: Array<{ id: string; name: string; type: string }>
}

const ROWS = Number(process.env['BENCH_ROWS'] ?? 100_000)

async function measure(fn: () => Promise<unknown>, runs = 30): Promise<number> {
  for (let i = 0; i < 5; i++) await fn()
  const times: number[] = []
  for (let i = 0; i < runs; i++) times.push((await time(fn))[0])
  return percentile(times, 50)
}

/** SQL statements the server sent per request, from its own counter. */
async function statementsPerRequest(base: string, fn: () => Promise<unknown>, n = 20): Promise<number> {
  const read = async () => ((await (await authFetch(`${base}/api/metrics`)).json()) as { sqlStatements: number }).sqlStatements
  const before = await read()
  for (let i = 0; i < n; i++) await fn()
  return Math.round((((await read()) - before) / n) * 10) / 10
}

/** The bench's tables: orders and products of ROWS rows each, 5 relations, 5 lookups/aggregations, 3 formulas. */
export async function setupAdvancedFields(url: string, raw: postgres.Sql): Promise<{ main: Table; target: Table }> {
  const app = await api<{ id: string }>(url, 'POST', '/api/apps', { name: 'Bench' })
  const target = await api<Table>(url, 'POST', `/api/apps/${app.id}/tables`, {
    name: 'Products',
    columns: [
      { name: 'Name', type: 'text' },
      { name: 'Price', type: 'number', config: { precision: 2 } },
    ],
  })
  const main = await api<Table>(url, 'POST', `/api/apps/${app.id}/tables`, {
    name: 'Orders',
    columns: [
      { name: 'Ref', type: 'text' },
      { name: 'Qty', type: 'number' },
      { name: 'Discount', type: 'number', config: { precision: 2 } },
    ],
  })
  // Targets and orders: COPY straight into the physical tables (setup, not measured).
  const phys = async (t: Table) =>
    Object.fromEntries(
      ((await raw`select name, column_name from data_table_columns where data_table_id = ${t.id} and archived_at is null`) as Array<{ name: string; column_name: string }>).map(
        (r) => [r.name, r.column_name],
      ),
    )
  const tp = await phys(target)
  const mp = await phys(main)
  await raw.unsafe(`insert into ${target.tableName} (${tp['Name']}, ${tp['Price']}) select 'product ' || g, (g % 997) / 7.0 from generate_series(1, ${ROWS}) g`)
  await raw.unsafe(`insert into ${main.tableName} (${mp['Ref']}, ${mp['Qty']}, ${mp['Discount']}) select 'order ' || g, g % 50, (g % 13) / 10.0 from generate_series(1, ${ROWS}) g`)
  const relations: string[] = []
  for (let i = 1; i <= 5; i++) {
    const r = await api<{ column: { id: string } }>(url, 'POST', `/api/tables/${main.id}/columns`, {
      name: `Rel ${i}`,
      type: 'relation',
      config: { targetTableId: target.id, reverseRelationName: `Orders ${i}` },
    })
    relations.push(r.column.id)
    const lk = `lk_${r.column.id.replace(/-/g, '').slice(0, 16)}`
    // Two links per order in each relation, to products spread over the whole target table.
    for (const step of [i * 7919, i * 104729]) {
      await raw.unsafe(
        `insert into ${lk} (src, dst) select o.id, p.id from (select id, row_number() over () n from ${main.tableName}) o join (select id, row_number() over () n from ${target.tableName}) p on p.n = ((o.n * ${step}) % ${ROWS}) + 1 on conflict do nothing`,
      )
    }
    await raw.unsafe(`analyze ${lk}`)
  }
  // Links written in SQL around DocPal: the stored relation values are recomputed, as an admin would.
  await api(url, 'POST', `/api/tables/${main.id}/recompute`)
  await api(url, 'POST', `/api/tables/${target.id}/recompute`)
  const priceId = target.columns.find((c) => c.name === 'Price')!.id
  const nameId = target.columns.find((c) => c.name === 'Name')!.id
  const computed = [
    { name: 'Names 1', type: 'lookup', config: { relationFieldId: relations[0], targetFieldId: nameId } },
    { name: 'Prices 2', type: 'lookup', config: { relationFieldId: relations[1], targetFieldId: priceId } },
    { name: 'Sum 3', type: 'aggregation', config: { relationFieldId: relations[2], targetFieldId: priceId, aggregation: 'sum' } },
    { name: 'Count 4', type: 'aggregation', config: { relationFieldId: relations[3], aggregation: 'count' } },
    { name: 'Max 5', type: 'aggregation', config: { relationFieldId: relations[4], targetFieldId: priceId, aggregation: 'max' } },
    { name: 'Net', type: 'formula', config: { formula: '{Qty} * (1 - {Discount})' } },
    { name: 'Label', type: 'formula', config: { formula: "{Ref} & ' x' & {Qty}" } },
    { name: 'Order value', type: 'formula', config: { formula: '{Sum 3} * {Net}' } },
  ]
  for (const c of computed) await api(url, 'POST', `/api/tables/${main.id}/columns`, c)
  await vacuumAnalyze(raw, main.tableName)
  await vacuumAnalyze(raw, target.tableName)

  return { main, target }
}

/**
 * A 100k-row table with 5 relations, 5 lookups/aggregations and 3 formulas over 100k-row
 * targets: a page of 50 vs the same page of plain fields; filters and sorts on a formula and an
 * aggregation vs the same on a stored number column; SQL statements per page.
 */
export async function benchAdvancedFields(): Promise<Record<string, number>> {
  const db = await createBenchDatabase()
  const server = await startServerProcess(db.url, 18106)
  const raw = postgres(db.url, { max: 1, onnotice: () => {} })
  try {
    const { main, target } = await setupAdvancedFields(server.url, raw)
    const base = `${server.url}/api/tables/${main.id}/records`
    const q = (o: Record<string, unknown>) =>
      `${base}?${Object.entries(o)
        .map(([k, v]) => `${k}=${encodeURIComponent(typeof v === 'string' ? v : JSON.stringify(v))}`)
        .join('&')}`
    const plainFields = ['Ref', 'Qty', 'Discount']
    const get = (url: string) => () => authFetch(url).then((r) => r.text())
    const full = await measure(get(q({ limit: '50' })))
    const plain = await measure(get(q({ limit: '50', fields: plainFields })))
    report(
      `page of 50, 5 relations + 5 lookups/aggregations + 3 formulas, ${ROWS.toLocaleString('en')} rows`,
      `${full.toFixed(1)} ms (${(full / plain).toFixed(2)}x)`,
      `${plain.toFixed(1)} ms plain fields`,
      '<= 2x plain',
    )
    const filterSort = (field: string) => get(q({ limit: '50', fields: plainFields, filter: { and: [{ field, op: 'gt', value: 10 }] }, sort: [{ field, direction: 'desc' }] }))
    const onNumber = await measure(filterSort('Qty'), 10)
    const onFormula = await measure(filterSort('Net'), 10)
    const onAggregation = await measure(filterSort('Sum 3'), 10)
    report(
      `filter + sort on a formula, ${ROWS.toLocaleString('en')} rows`,
      `${onFormula.toFixed(1)} ms (${(onFormula / onNumber).toFixed(2)}x)`,
      `${onNumber.toFixed(1)} ms stored number`,
      '<= 2x stored number',
    )
    report(
      `filter + sort on an aggregation, ${ROWS.toLocaleString('en')} rows`,
      `${onAggregation.toFixed(1)} ms (${(onAggregation / onNumber).toFixed(2)}x)`,
      `${onNumber.toFixed(1)} ms stored number`,
      '<= 2x stored number',
    )
    // Stored values move the cost to writes: a product's price change recomputes the orders
    // linked to it (Sum 3, Max 5, Prices 2 and the relations' displays), in the same transaction.
    const products = (JSON.parse(await get(`${server.url}/api/tables/${target.id}/records?limit=40`)()) as { records: Array<{ id: string }> }).records.map((r) => r.id)
    const orders = (JSON.parse(await get(`${base}?limit=40`)()) as { records: Array<{ id: string }> }).records.map((r) => r.id)
    let n = 0
    const writeLinked = await measure(() => api(server.url, 'PATCH', `/api/tables/${target.id}/records/${products[n++ % products.length]}`, { fields: { Price: 100 + (n % 7) } }))
    const writePlain = await measure(() => api(server.url, 'PATCH', `/api/tables/${main.id}/records/${orders[n++ % orders.length]}`, { fields: { Discount: (n % 7) / 10 } }))
    report(
      'update of a linked record (its stored readers recomputed)',
      `${writeLinked.toFixed(1)} ms (${(writeLinked / writePlain).toFixed(2)}x)`,
      `${writePlain.toFixed(1)} ms update read by nothing stored`,
      '(cost of stored values)',
    )
    const onAggregationAfterWrite = (await time(filterSort('Sum 3')))[0]
    report(
      'filter + sort on an aggregation, first query after writes',
      `${onAggregationAfterWrite.toFixed(1)} ms (${(onAggregationAfterWrite / onNumber).toFixed(2)}x)`,
      `${onNumber.toFixed(1)} ms stored number`,
      '<= 2x stored number',
    )
    // What stored values cost a scan of the table's own columns: the same filter + sort in raw SQL on this table and
    // on a copy holding only its plain columns.
    const mp = Object.fromEntries(
      (
        (await raw`select name, column_name from data_table_columns where data_table_id = ${main.id} and archived_at is null`) as Array<{
          name: string
          column_name: string | null
        }>
      ).map((r) => [r.name, r.column_name]),
    )
    await raw.unsafe(`create table narrow_copy as select id, ${mp['Ref']}, ${mp['Qty']}, ${mp['Discount']}, created_at from ${main.tableName}`)
    await raw.unsafe('vacuum analyze narrow_copy')
    const scan = (table: string) => () => raw.unsafe(`select id from ${table} where ${mp['Qty']} > 10 order by ${mp['Qty']} desc, id desc limit 50`)
    const scanWide = await measure(scan(main.tableName), 10)
    const scanNarrow = await measure(scan('narrow_copy'), 10)
    report(
      'raw filter + sort on Qty: this table (stored values beside it) vs a copy of its plain columns',
      `${scanWide.toFixed(1)} ms (${(scanWide / scanNarrow).toFixed(2)}x)`,
      `${scanNarrow.toFixed(1)} ms narrow copy`,
      '(what stored values cost a scan)',
    )
    const stmts50 = await statementsPerRequest(server.url, get(q({ limit: '50' })))
    const stmts500 = await statementsPerRequest(server.url, get(q({ limit: '500' })))
    report('SQL statements per page (50 rows / 500 rows)', `${stmts50} / ${stmts500}`, '-', '1, independent of page size')
    return { full, plain, onNumber, onFormula, onAggregation, writeLinked, writePlain, onAggregationAfterWrite, scanWide, scanNarrow, stmts50, stmts500 }
  } finally {
    await raw.end()
    await server.stop()
    await db.drop()
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchAdvancedFields()
