import type postgres from 'postgres'
import { row, vacuumAnalyze } from './lib.ts'

export interface SeedTable {
  id: string
  tableName: string
}

/** Loads `n` rows straight into the table's physical columns with COPY (setup, not measured). */
export async function benchSeed(raw: postgres.Sql, table: SeedTable, from: number, to: number): Promise<void> {
  const physical = (await raw`select name, column_name from data_table_columns where data_table_id = ${table.id} and archived_at is null order by "order"`) as Array<{
    name: string
    column_name: string
  }>
  const chunk = 100_000
  for (let s = from; s < to; s += chunk) {
    const lines: string[] = []
    for (let i = s; i < Math.min(to, s + chunk); i++) {
      const r = row(i)
      lines.push(
        physical
          .map((c) => {
            const v = r[c.name]
            if (v === null || v === undefined) return '\\N'
            if (Array.isArray(v)) return `{${v.join(',')}}`
            if (typeof v === 'boolean') return v ? 't' : 'f'
            return typeof v === 'string' ? v : JSON.stringify(v)
          })
          .join('\t'),
      )
    }
    const w = await raw.unsafe(`copy ${table.tableName} (${physical.map((c) => c.column_name).join(', ')}) from stdin`).writable()
    await new Promise<void>((resolve, reject) => {
      w.on('finish', resolve)
      w.on('error', reject)
      w.end(lines.join('\n') + '\n')
    })
  }
  await vacuumAnalyze(raw, table.tableName)
}
