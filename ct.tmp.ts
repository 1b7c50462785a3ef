import { sql } from '@docpal/plugin-sdk'
import { compile } from '@docpal/kernel'
import { compileFormula } from './plugins/field-formula/src/server/index.ts'
import { fakeScope } from './plugins/field-formula/test/fake-scope.ts'
const scope = fakeScope({ n: { expr: sql`null::numeric`, valueType: 'number' } })
for (const k of [2, 4, 6, 8, 10]) {
  const f = 'ROUNDUP('.repeat(k) + '{n}' + ', 1)'.repeat(k)
  let t = Date.now()
  const { sql: e } = compileFormula(f, scope)
  const t1 = Date.now() - t
  t = Date.now()
  const q = compile(sql`select ${e}`)
  console.log(k, t1, Date.now() - t, q.sql.length)
}
