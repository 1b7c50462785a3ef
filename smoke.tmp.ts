import { openPglite, openPostgres } from '@docpal/kernel'
import { sql } from '@docpal/plugin-sdk'
import { compileFormula } from './plugins/field-formula/src/server/index.ts'
import { fakeScope } from './plugins/field-formula/test/fake-scope.ts'
const db = process.argv[2] === 'pg' ? openPostgres('postgres://postgres@127.0.0.1:5432/postgres', { max: 1 }) : await openPglite()
const scope = fakeScope({ n: { expr: sql`null::numeric`, valueType: 'number' }, d: { expr: sql`'2024-03-15'::date`, valueType: 'date' } })
for (const f of process.argv.slice(3)) {
  try {
    const { sql: e, type } = compileFormula(f, scope)
    const r = await db.query(sql`select ${e} as v`)
    console.log(f, '=>', JSON.stringify(r[0]!.v), type)
  } catch (e) { console.log(f, 'ERR', (e as Error).message) }
}
await db.close()
