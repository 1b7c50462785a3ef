import { randomUUID } from 'node:crypto'
import type { SQL } from '@docpal/plugin-sdk'
import { codes } from '../errors/codes.ts'
import type { ColumnInput } from '../metadata/inputs.ts'
import type { ColumnMeta, TableMeta } from '../metadata/table-model.ts'
import type { PluginManager } from '../plugins/plugin-manager.ts'
import { col } from '../sql/ident.ts'
import { columnSpec, sameConfig, type ColumnSpec } from './column-spec.ts'

export type StepKind = 'add' | 'archive' | 'restore' | 'rename' | 'convert' | 'reconfigure' | 'reorder' | 'require'

export interface PlanStep {
  readonly kind: StepKind
  readonly columnId: string
  readonly name: string
  readonly from?: unknown
  readonly to?: unknown
}

/** A column as it will be after the change; `convert` set when its values must be rewritten. */
export interface TargetColumn {
  readonly id: string
  readonly name: string
  readonly spec: ColumnSpec
  readonly required: boolean
  readonly order: number
  readonly current: ColumnMeta | undefined
  readonly convert: SQL | undefined
}

export interface SchemaPlan {
  readonly steps: PlanStep[]
  readonly target: TargetColumn[]
  readonly archive: ColumnMeta[]
}

/**
 * Diffs the desired column list against the table: a column with an id is kept (renamed,
 * reconfigured, retyped, or restored from the archive), one without is added, a missing one is
 * archived. Pure: no I/O, so the dry run and the real run plan identically.
 */
export function planSchema(plugins: PluginManager, table: TableMeta, desired: ReadonlyArray<ColumnInput>): SchemaPlan {
  const steps: PlanStep[] = []
  const target: TargetColumn[] = []
  const names = new Map<string, number>()
  const ids = new Set<string>()
  const all = new Map([...table.columns, ...table.archived].map((c) => [c.id, c]))

  desired.forEach((d, i) => {
    const path = ['columns', i]
    const key = d.name.toLowerCase()
    if (names.has(key)) throw codes.KRN_ERR_VALIDATION(`Column name '${d.name}' is used twice (columns ${names.get(key)} and ${i}); names are unique per table, ignoring case.`, { path: [...path, 'name'] })
    names.set(key, i)
    if (['id', 'createdat', 'updatedat', 'createdby'].includes(key)) {
      throw codes.KRN_ERR_VALIDATION(`'${d.name}' is a system field name (id, createdAt, updatedAt, createdBy); choose another column name.`, { path: [...path, 'name'] })
    }
    const current = d.id ? all.get(d.id) : undefined
    if (d.id && !current) throw codes.KRN_ERR_VALIDATION(`Column id '${d.id}' is not a column of this table; omit the id to add a new column.`, { path: [...path, 'id'] })
    if (d.id && ids.has(d.id)) throw codes.KRN_ERR_VALIDATION(`Column id '${d.id}' is listed twice.`, { path: [...path, 'id'] })
    if (d.id) ids.add(d.id)
    const keepConfig = current && current.type === d.type ? current.config : undefined
    const spec = columnSpec(plugins, d, keepConfig, path)
    const id = current?.id ?? randomUUID()
    const required = d.required ?? current?.required ?? false
    let convert: SQL | undefined
    if (!current) steps.push({ kind: 'add', columnId: id, name: d.name, to: d.type })
    else {
      if (current.archivedAt) steps.push({ kind: 'restore', columnId: id, name: d.name })
      if (current.name !== d.name) steps.push({ kind: 'rename', columnId: id, name: d.name, from: current.name, to: d.name })
      const typeChanged = current.type !== d.type
      const configChanged = !sameConfig(current.config, spec.config)
      const dataTypeChanged = current.dataType !== spec.dataType
      const cast = spec.fieldType.castFrom?.[current.type] ?? (typeChanged ? spec.fieldType.castFrom?.['*'] : undefined)
      if (typeChanged || dataTypeChanged || (configChanged && spec.fieldType.castFrom?.[current.type])) {
        if (current.columnName && spec.dataType) {
          if (!cast) throw codes.KRN_ERR_DDL_CAST_UNSUPPORTED(d.name, current.type, d.type, { path: [...path, 'type'] })
          convert = cast(col(current.columnName), { fromType: current.type, fromConfig: current.config, to: spec.config })
        }
        steps.push({ kind: 'convert', columnId: id, name: d.name, from: current.type, to: d.type })
      } else if (configChanged) steps.push({ kind: 'reconfigure', columnId: id, name: d.name })
      if (current.required !== required) steps.push({ kind: 'require', columnId: id, name: d.name, from: current.required, to: required })
      if (current.order !== i && !current.archivedAt) steps.push({ kind: 'reorder', columnId: id, name: d.name, from: current.order, to: i })
    }
    target.push({ id, name: d.name, spec, required, order: i, current, convert })
  })

  const archive = table.columns.filter((c) => !ids.has(c.id))
  for (const c of archive) steps.push({ kind: 'archive', columnId: c.id, name: c.name })
  return { steps, target, archive }
}
