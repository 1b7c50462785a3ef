import { sql } from '@docpal/plugin-sdk'
import type { Executor } from '../db/executor.ts'
import type { TableMeta } from '../schema/table-model.ts'
import { col, ident } from '../sql/ident.ts'
import { settingParams } from './setting-params.ts'
import type { TargetColumn } from './schema-plan.ts'
import { dataTypeSql, dropSearchIndexSql } from './statements.ts'
import { pgCode } from '../db/pg-code.ts'

/**
 * A conversion to another data type that can be written in place: a stored column, a cast that
 * can be written without subqueries. Same-type conversions stay an UPDATE of the rows that change.
 */
export function convertsInPlace(t: TargetColumn): boolean {
  const c = t.current
  return t.convert !== undefined && t.convertInPlace !== undefined && t.spec.dataType !== null && c?.columnName != null && c.linkSide === null && c.dataType !== t.spec.dataType
}

/** Failures that mean "not this way" (a value would be lost, the cast does not fit a USING): the caller converts the other way. */
const NOT_IN_PLACE = /^(?:42|22|0A)/

/**
 * Converts a column's values in place, `ALTER TABLE ... ALTER COLUMN ... TYPE ... USING`, which
 * rewrites the table once and rebuilds its indexes in bulk: several times faster than an UPDATE
 * into a new column, which writes a new version of every row and inserts into every index
 * (issue 14). Only when nothing is lost: a value that would become empty stops the ALTER, so no
 * archived copy is needed (a lossy change still goes through a new column, keeping the old one
 * archived). Runs in a savepoint; answers the number of values converted, or undefined when the
 * column must be converted the other way (nothing changed then).
 */
export async function convertInPlace(tx: Executor, table: TableMeta, t: TargetColumn): Promise<number | undefined> {
  const columnName = t.current?.columnName
  if (!convertsInPlace(t) || !t.convertInPlace || !t.spec.dataType || !columnName) return undefined
  const type = dataTypeSql(t.spec.dataType)
  // A value that does not convert reads a setting that does not exist: an expression cannot
  // RAISE, but that raises (42704, naming the setting) and stops the ALTER.
  const using = sql`coalesce(${t.convertInPlace(table.tableName)}, case when ${col(columnName, table.tableName)} is null then null else current_setting('docpal.lossy_conversion')::${type} end)`
  try {
    return await tx.savepoint(async (sp) => {
      const compile = await settingParams(sp, sql`select ${using} from ${ident(table.tableName)}`)
      if (!compile) return undefined
      // Its trigram index cannot follow the column to another type; the caller adds one back if the new type is searchable.
      await sp.query(dropSearchIndexSql(table.tableName, columnName))
      await sp.run(compile(sql`alter table ${ident(table.tableName)} alter column ${ident(columnName)} type ${type} using ${using}`), [])
      const row = await sp.one<{ n: number }>(sql`select count(${ident(columnName)})::int as n from ${ident(table.tableName)}`)
      return row?.n ?? 0
    })
  } catch (err) {
    if (NOT_IN_PLACE.test(pgCode(err))) return undefined
    throw err
  }
}
