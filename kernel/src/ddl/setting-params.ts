import { randomBytes } from 'node:crypto'
import { sql, type SQL } from 'drizzle-orm'
import { PgDialect } from 'drizzle-orm/pg-core'
import { compile, type Executor } from '../db/executor.ts'
import { codes } from '../errors/codes.ts'
import { isTypeName, typeName } from '../sql/ident.ts'

const PREFIX = 'docpal.p'

/**
 * Utility statements take no parameters (`ALTER TABLE ... TYPE ... USING <expression>`). This
 * keeps the values of such an expression out of the SQL text all the same: each value `probe`
 * binds is stored as a transaction-local setting (`set_config(..., true)`, the value itself still
 * sent as a parameter), and the answer compiles a statement holding the same expression with each
 * parameter read back from its setting, cast to the type PostgreSQL infers for it in `probe` (a
 * query over the expression, prepared to learn those types and never run). Undefined when a type
 * has no plain name. The statement must bind exactly the values `probe` binds, in the same order.
 */
export async function settingParams(tx: Executor, probe: SQL): Promise<((statement: SQL) => string) | undefined> {
  const { sql: text, params } = compile(probe)
  let types: string[] = []
  if (params.length) {
    // A session-level name (PREPARE is not transactional): unique, so a failure before the
    // DEALLOCATE can leave nothing another statement trips over.
    const name = `docpal_probe_${randomBytes(8).toString('hex')}`
    const prepare = `prepare ${name} as ${text}`
    await tx.exec(prepare)
    const row = await tx.one<{ types: string[] }>(sql`select parameter_types::text[] as types from pg_prepared_statements where name = ${name}`)
    const deallocate = `deallocate ${name}`
    await tx.exec(deallocate)
    types = row?.types ?? []
    if (types.length !== params.length || !types.every(isTypeName)) return undefined
    const set = params.flatMap((v, i) =>
      v === null || v === undefined ? [] : [sql`set_config(${PREFIX + String(i + 1)}, (${sql.param(v)}::${typeName(types[i] ?? '')})::text, true)`],
    )
    if (set.length) await tx.query(sql`select ${sql.join(set, sql`, `)}`)
  }
  const dialect = new PgDialect()
  dialect.escapeParam = (num: number) => {
    const v = params[num]
    return v === null || v === undefined ? `null::${types[num] ?? ''}` : `current_setting('${PREFIX}${String(num + 1)}')::${types[num] ?? ''}`
  }
  return (statement) => {
    const bound = compile(statement).params
    if (bound.length !== params.length || bound.some((v, i) => v !== params[i])) throw codes.KRN_ERR_INVARIANT('a statement binding the values of its probe')
    return dialect.sqlToQuery(statement).sql
  }
}
