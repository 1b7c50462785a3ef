import { randomUUID } from 'node:crypto'
import { sql, withoutSubqueries, type SQL } from '@docpal/plugin-sdk'
import { codes } from '../errors/codes.ts'
import type { ColumnMeta, TableMeta } from '../schema/table-model.ts'
import { typeStoring, type FieldTypeLookup } from '../schema/field-types.ts'
import { AliasCounter, FormulaCycleError, TableScope, definitionBroken, type ScopeEnv } from '../schema/scope.ts'
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
  /** The old value expression (a column, or what a computed field computed). */
  readonly source: SQL | undefined
  /** The new value, from `source`; NULL where a value does not convert. */
  readonly convert: SQL | undefined
  /**
   * For a stored column: the same conversion written over the column of the table named `table`,
   * without subqueries, as `ALTER TABLE ... ALTER COLUMN ... TYPE ... USING` takes it.
   */
  readonly convertInPlace?: ((table: string) => SQL) | undefined
}

export interface SchemaPlan {
  readonly steps: PlanStep[]
  readonly target: TargetColumn[]
  readonly archive: ColumnMeta[]
}

/** A column as a request describes it (the API's ColumnInput satisfies this). */
export interface DesiredColumn {
  readonly id?: string | undefined
  readonly name: string
  readonly type: string
  readonly config?: unknown
  readonly required?: boolean | undefined
}
const PLACEHOLDER_COLUMN = 'f_000000000000'

/**
 * Diffs the desired column list against the table: a column with an id is kept (renamed,
 * reconfigured, retyped, or restored from the archive), one without is added, a missing one is
 * archived. Computed fields are type-checked against the columns as they will be, and a column
 * that another still depends on cannot be removed unless `cascade`. No I/O: the dry run and the
 * real run plan identically.
 */
export function planSchema(
  fieldTypes: FieldTypeLookup,
  table: TableMeta,
  desired: ReadonlyArray<DesiredColumn>,
  env: Omit<ScopeEnv, 'userId'>,
  opts: { cascade?: boolean } = {},
): SchemaPlan {
  const steps: PlanStep[] = []
  const names = new Map<string, number>()
  const ids = new Set<string>()
  const all = new Map([...table.columns, ...table.archived].map((c) => [c.id, c]))
  const specs: Array<{ d: DesiredColumn; spec: ColumnSpec; id: string; current: ColumnMeta | undefined; path: Array<string | number> }> = []

  desired.forEach((d, i) => {
    const path = ['columns', i]
    const key = d.name.toLowerCase()
    if (names.has(key))
      throw codes.KRN_ERR_VALIDATION(`Column name '${d.name}' is used twice (columns ${names.get(key)} and ${i}); names are unique per table, ignoring case.`, {
        path: [...path, 'name'],
      })
    names.set(key, i)
    if (['id', 'createdat', 'updatedat', 'createdby'].includes(key)) {
      throw codes.KRN_ERR_VALIDATION(`'${d.name}' is a system field name (id, createdAt, updatedAt, createdBy); choose another column name.`, { path: [...path, 'name'] })
    }
    const current = d.id ? all.get(d.id) : undefined
    if (d.id && !current) throw codes.KRN_ERR_VALIDATION(`Column id '${d.id}' is not a column of this table; omit the id to add a new column.`, { path: [...path, 'id'] })
    if (d.id && ids.has(d.id)) throw codes.KRN_ERR_VALIDATION(`Column id '${d.id}' is listed twice.`, { path: [...path, 'id'] })
    if (d.id) ids.add(d.id)
    const keepConfig = current && current.type === d.type ? current.config : undefined
    specs.push({ d, spec: columnSpec(fieldTypes, d, keepConfig, path), id: current?.id ?? randomUUID(), current, path })
  })

  // The table as it will be: computed fields check their configs against it.
  const future: ColumnMeta[] = specs.map(({ d, spec, id, current }, i) => ({
    id,
    name: d.name,
    type: d.type,
    config: spec.config,
    required: d.required ?? current?.required ?? false,
    order: i,
    columnName: spec.fieldType.links ? (current?.columnName ?? 'lk_0000000000000000') : spec.dataType ? (current?.columnName ?? PLACEHOLDER_COLUMN) : null,
    dataType: spec.dataType,
    linkSide: spec.fieldType.links ? (current?.linkSide ?? 'src') : null,
    // Computed on read here: a changed definition has no stored values yet.
    storedColumn: null,
    storedSignature: null,
    archivedAt: null,
  }))
  const checkEnv = { ...env, userId: '' }
  const currentScope = new TableScope(table, 't', checkEnv, new AliasCounter())
  const target: TargetColumn[] = specs.map(({ d, spec, id, current, path }, i) => {
    const required = d.required ?? current?.required ?? false
    let convert: SQL | undefined
    let source: SQL | undefined
    let convertInPlace: ((table: string) => SQL) | undefined
    if (!current) steps.push({ kind: 'add', columnId: id, name: d.name, to: d.type })
    else {
      if (current.archivedAt) steps.push({ kind: 'restore', columnId: id, name: d.name })
      if (current.name !== d.name) steps.push({ kind: 'rename', columnId: id, name: d.name, from: current.name, to: d.name })
      const typeChanged = current.type !== d.type
      const configChanged = !sameConfig(current.config, spec.config)
      const currentFt = fieldTypes.get(current.type)
      const wasComputed = !current.columnName
      const wasLinks = current.linkSide !== null
      if (typeChanged && (wasLinks || spec.fieldType.links)) {
        throw codes.KRN_ERR_DDL_CAST_UNSUPPORTED(d.name, current.type, d.type, {
          path: [...path, 'type'],
          details: { reason: 'relation fields keep links, not values: add a new field and remove this one instead' },
        })
      }
      if (!wasLinks && (typeChanged || current.dataType !== spec.dataType || (configChanged && spec.fieldType.castFrom?.[current.type]))) {
        if (spec.dataType) {
          let fromKey = current.type
          if (wasComputed) {
            source = currentScope.field(current.id)?.expr ?? sql`null`
            // Computed values convert as if they came from the type that stores such values.
            const valueType = currentFt?.valueType?.(current.config, currentScope) ?? currentFt?.formulaType
            fromKey = (valueType && typeStoring(fieldTypes, valueType)) ?? current.type
          } else source = currentScope.valueOf(current, currentFt)
          const cast = spec.fieldType.castFrom?.[fromKey] ?? (typeChanged ? spec.fieldType.castFrom?.['*'] : undefined)
          if (!cast) throw codes.KRN_ERR_DDL_CAST_UNSUPPORTED(d.name, current.type, d.type, { path: [...path, 'type'] })
          const ctx = { fromType: fromKey, fromConfig: current.config, to: spec.config }
          convert = cast(source, ctx)
          if (!wasComputed) {
            const from = current
            convertInPlace = (name) => withoutSubqueries(() => cast(new TableScope(table, name, checkEnv, new AliasCounter()).valueOf(from, currentFt), ctx))
          }
        }
        steps.push({ kind: 'convert', columnId: id, name: d.name, from: current.type, to: d.type })
      } else if (configChanged) steps.push({ kind: 'reconfigure', columnId: id, name: d.name })
      if (current.required !== required) steps.push({ kind: 'require', columnId: id, name: d.name, from: current.required, to: required })
      if (current.order !== i && !current.archivedAt) steps.push({ kind: 'reorder', columnId: id, name: d.name, from: current.order, to: i })
    }
    return { id, name: d.name, spec, required, order: i, current, source, convert, convertInPlace }
  })

  let archive = table.columns.filter((c) => !ids.has(c.id))
  // Dependencies are read against the table with both the kept and the removed columns.
  archive = withDependents(archive, target, { ...table, columns: [...future, ...archive] }, checkEnv, opts.cascade === true)
  for (const c of archive) steps.push({ kind: 'archive', columnId: c.id, name: c.name })
  const removedIds = new Set(archive.map((c) => c.id))
  const kept = future.filter((c) => !removedIds.has(c.id))
  const futureScope = new TableScope({ ...table, columns: kept }, 't', checkEnv, new AliasCounter(), [], kept)
  for (const { spec, path, id } of specs) {
    if (removedIds.has(id)) continue
    let issues: Array<{ path: Array<string | number>; message: string }>
    try {
      issues = spec.fieldType.checkConfig?.(spec.config, futureScope) ?? []
    } catch (err) {
      if (!(err instanceof FormulaCycleError)) throw err
      issues = [{ path: [], message: err.message }]
    }
    const [first] = issues
    if (first) {
      throw codes.KRN_ERR_VALIDATION(`${[...path, 'config', ...first.path].join('.')}: ${first.message}`, { path: [...path, 'config', ...first.path], details: { issues } })
    }
  }

  return { steps, target: target.filter((t) => !removedIds.has(t.id)), archive }
}

/**
 * Columns that stay but are computed from a removed one: refused (409 naming them) unless
 * `cascade`, which removes them too. Dependencies are found by building each computed field's
 * SQL through a scope that records which fields it reads.
 */
function withDependents(archive: ColumnMeta[], target: TargetColumn[], future: TableMeta, env: ScopeEnv, cascade: boolean): ColumnMeta[] {
  if (!archive.length) return archive
  const removed = new Set(archive.map((c) => c.id))
  const out = [...archive]
  let grew = true
  while (grew) {
    grew = false
    for (const t of target) {
      if (removed.has(t.id) || !t.spec.fieldType.expression) continue
      const reads = readsOf(future, env, t.id)
      const hits = [...reads].filter((id) => removed.has(id))
      if (!hits.length) continue
      if (!cascade) {
        const names = hits.map((id) => archive.find((a) => a.id === id)?.name ?? id)
        throw codes.KRN_ERR_CONFLICT(`Column '${t.name}' is computed from ${names.map((n) => `'${n}'`).join(', ')}; remove it first, or send ?cascade=true to remove it too.`, {
          path: ['columns'],
          details: { dependents: [{ id: t.id, name: t.name, dependsOn: hits }] },
        })
      }
      removed.add(t.id)
      out.push({
        id: t.id,
        name: t.name,
        type: t.spec.type,
        config: t.spec.config,
        required: t.required,
        order: t.order,
        columnName: t.current?.columnName ?? null,
        dataType: t.spec.dataType,
        linkSide: t.current?.linkSide ?? null,
        storedColumn: t.current?.storedColumn ?? null,
        storedSignature: t.current?.storedSignature ?? null,
        archivedAt: null,
      })
      grew = true
    }
  }
  return out
}

/** The columns (ids) of its own table that a computed column reads, directly or through others. */
export function readsOf(table: TableMeta, env: ScopeEnv, columnId: string): Set<string> {
  const reads = new Set<string>()
  const scope = new TableScope(table, 't', env, new AliasCounter())
  const tracking = new Proxy(scope, {
    get(target, prop, receiver) {
      if (prop === 'field') {
        return (ref: string) => {
          const c = target.column(ref)
          if (c && c.id !== columnId) reads.add(c.id)
          return target.field(ref)
        }
      }
      if (prop === 'links') {
        return (ref: string) => {
          const c = target.column(ref)
          if (c) reads.add(c.id)
          return target.links(ref)
        }
      }
      return Reflect.get(target, prop, receiver) as unknown
    },
  })
  const c = scope.column(columnId)
  const ft = c ? env.fieldType(c.type) : undefined
  if (c && ft?.expression) {
    try {
      ft.expression(c.config, tracking)
    } catch (err) {
      // A field that no longer builds reads nothing we can name; any other failure is a fault.
      if (!definitionBroken(ft, c, scope)) throw err
    }
  }
  return reads
}
