import { arrayLiteral, sql, type ErrorPath } from '@docpal/plugin-sdk'
import type { Executor } from '../db/executor.ts'
import { codes } from '../errors/codes.ts'
import type { BoundColumn } from '../schema/table-model.ts'
import type { TableRuntime } from '../schema/table-runtime.ts'

/** Columns of the table whose field type checks written values against the database. */
export function checkedColumns(rt: TableRuntime): BoundColumn[] {
  return [...rt.byId.values()].filter((b) => b.fieldType?.refuseValues !== undefined)
}

/**
 * Runs the field types' database checks over the written rows: one query per checked column for
 * the whole request. The first refused value is a 400 at the row and column that wrote it.
 */
export async function checkValues(
  db: Executor,
  rt: TableRuntime,
  userId: string,
  rows: ReadonlyArray<ReadonlyMap<BoundColumn, string | null>>,
  pathOf: (row: number, column: BoundColumn) => ErrorPath,
): Promise<void> {
  for (const b of checkedColumns(rt)) {
    const written: string[] = []
    const rowOf = new Map<string, number>()
    rows.forEach((values, i) => {
      const v = values.get(b)
      if (v === null || v === undefined) return
      written.push(v)
      if (!rowOf.has(v)) rowOf.set(v, i)
    })
    if (!written.length) continue
    const check = b.fieldType?.refuseValues?.(b.meta.config, rt.scope(userId), sql`${arrayLiteral(written)}::text[]`)
    if (!check) continue
    const bad = (await db.query<{ bad: string }>(sql`select x.bad from (${check.sql}) x limit 20`)).map((r) => r.bad)
    if (!bad.length) continue
    const [first = ''] = bad
    const row = rowOf.get(first) ?? [...rowOf].find(([v]) => v.includes(first))?.[1] ?? 0
    throw codes.KRN_ERR_RECORD_INVALID(`Column '${b.meta.name}': ${check.message(bad)}`, { path: pathOf(row, b) })
  }
}
