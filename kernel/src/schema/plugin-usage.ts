import { and, eq, inArray, isNull } from 'drizzle-orm'
import type { AnyFieldType, Contributions } from '@docpal/plugin-sdk'
import type { Executor } from '../db/executor.ts'
import { dataTableColumns, dataTables, views } from '../db/schema.ts'

/** One thing that uses a plugin's contribution, with the sentence an admin reads. */
export interface PluginUse {
  readonly kind: 'column' | 'formula' | 'view'
  readonly table: string
  readonly name: string
  readonly text: string
}

/** The field types of the enabled plugins, as far as finding formula callers needs them. */
export interface FieldTypeLookup {
  keys(): string[]
  get(type: string): AnyFieldType | undefined
}

/**
 * What uses the given contributions: active columns of its field types, columns whose formulas
 * call its functions (asked of every field type that says which functions its config calls), and
 * views of its view types.
 */
export async function findPluginUsage(
  db: Executor,
  fieldTypes: FieldTypeLookup,
  { fieldTypes: types, viewTypes, formulaFunctions }: Pick<Contributions, 'fieldTypes' | 'viewTypes' | 'formulaFunctions'>,
): Promise<PluginUse[]> {
  const out: PluginUse[] = []
  if (types.length) {
    const rows = await db.orm
      .select({ name: dataTableColumns.name, type: dataTableColumns.type, table: dataTables.name })
      .from(dataTableColumns)
      .innerJoin(dataTables, eq(dataTables.id, dataTableColumns.dataTableId))
      .where(and(inArray(dataTableColumns.type, types), isNull(dataTableColumns.archivedAt)))
    for (const r of rows) out.push({ kind: 'column', table: r.table, name: r.name, text: `column '${r.name}' of table '${r.table}' is a ${r.type} field` })
  }
  const functions = new Set(formulaFunctions)
  if (functions.size) {
    const callers = fieldTypes.keys().filter((t) => fieldTypes.get(t)?.formulaFunctions !== undefined)
    const rows =
      callers.length === 0
        ? []
        : await db.orm
            .select({ name: dataTableColumns.name, type: dataTableColumns.type, config: dataTableColumns.config, table: dataTables.name })
            .from(dataTableColumns)
            .innerJoin(dataTables, eq(dataTables.id, dataTableColumns.dataTableId))
            .where(and(inArray(dataTableColumns.type, callers), isNull(dataTableColumns.archivedAt)))
    for (const r of rows) {
      const called = fieldTypes.get(r.type)?.formulaFunctions?.(r.config) ?? []
      for (const fn of called.filter((f) => functions.has(f)))
        out.push({ kind: 'formula', table: r.table, name: r.name, text: `column '${r.name}' of table '${r.table}' calls ${fn}` })
    }
  }
  if (viewTypes.length) {
    const rows = await db.orm
      .select({ name: views.name, type: views.type, table: dataTables.name })
      .from(views)
      .innerJoin(dataTables, eq(dataTables.id, views.dataTableId))
      .where(inArray(views.type, viewTypes))
    for (const r of rows) out.push({ kind: 'view', table: r.table, name: r.name, text: `view '${r.name}' of table '${r.table}' is a ${r.type} view` })
  }
  return out
}
