// Ad-hoc: shows the plans of the benchmark page query (not part of the figures).
import postgres from 'postgres'
import { TEN_COLUMNS, api, createBenchDatabase, startServerProcess } from './lib.ts'
import { benchSeed } from './seed.ts'
const db = await createBenchDatabase()
const server = await startServerProcess(db.url, 18109)
const raw = postgres(db.url, { max: 1, onnotice: () => {} })
try {
  const app = await api<{ id: string }>(server.url, 'POST', '/api/apps', { name: 'Bench' })
  const table = await api<{ id: string; tableName: string }>(server.url, 'POST', `/api/apps/${app.id}/tables`, { name: 'Pages', columns: TEN_COLUMNS })
  await api(server.url, 'POST', `/api/apps/${app.id}/views`, { name: 'By due', dataTableId: table.id, type: 'table', queryConfig: { sort: [{ field: 'Due', direction: 'desc' }] } })
  await benchSeed(raw, table, 0, 100_000)
  const phys = Object.fromEntries(
    ((await raw`select name, column_name from data_table_columns where data_table_id = ${table.id}`) as Array<{ name: string; column_name: string }>).map((r) => [
      r.name,
      r.column_name,
    ]),
  )
  console.log((await raw.unsafe(`select indexname, indexdef from pg_indexes where tablename = '${table.tableName}'`)).map((r) => r['indexdef']).join('\n'))
  const plan = await raw.unsafe(
    `explain analyze select * from ${table.tableName} where ${phys['Quantity']} > 500 and ${phys['Title']} ilike '%alpha%' order by ${phys['Due']} desc, id desc limit 50`,
  )
  console.log(plan.map((r) => r['QUERY PLAN']).join('\n'))
} finally {
  await raw.end()
  await server.stop()
  await db.drop()
}
