import type { ColumnMeta, TableMeta } from '../schema/table-model.ts'
import { AliasCounter, TableScope, newReads } from '../schema/scope.ts'
import type { TableRuntime } from '../schema/table-runtime.ts'
import type { Logger } from '../logger.ts'

/** Columns (by table id) a computed column reads, directly or through the columns it reads. */
type Dependencies = ReadonlyMap<string, ReadonlySet<string>>

const DEPENDENCIES = new WeakMap<TableRuntime, Map<string, Dependencies | 'unknown'>>()

/** Column ids of `meta` behind physical or stored column names a statement read. */
function columnIds(meta: TableMeta, names: ReadonlySet<string>): Set<string> {
  const out = new Set<string>()
  for (const c of [...meta.columns, ...meta.archived]) {
    if ((c.columnName && names.has(c.columnName)) || (c.storedColumn && names.has(c.storedColumn))) out.add(c.id)
  }
  return out
}

/**
 * What computing (and answering) column `c` reads: its own expression or grouped form, built with
 * a scope that records every column it touches. A stored value read by another field counts as
 * the column it belongs to, so the closure in `hiddenWithDependents` follows chains.
 */
function dependenciesOf(rt: TableRuntime, c: ColumnMeta, logger: Logger): Dependencies | 'unknown' {
  let cache = DEPENDENCIES.get(rt)
  if (!cache) DEPENDENCIES.set(rt, (cache = new Map<string, Dependencies | 'unknown'>()))
  const known = cache.get(c.id)
  if (known) return known
  const reads = newReads()
  const scope = new TableScope(rt.meta, 't', { ...rt.env, userId: '' }, new AliasCounter(reads)).at(c)
  const ft = rt.env.fieldType(c.type)
  let out: Dependencies | 'unknown'
  try {
    ft?.grouped?.(c.config, scope)
    ft?.expression?.(c.config, scope)
    rt.cell(c, scope)
    const deps = new Map<string, Set<string>>()
    for (const [tableId, names] of reads.columns) {
      const meta = rt.env.table(tableId)
      if (meta) deps.set(tableId, columnIds(meta, names))
    }
    // A lookup or rollup reads its relation's link table: it depends on the relation column.
    for (const link of reads.links) {
      const meta = rt.env.table(link.fromTableId)
      if (!meta) continue
      const set = deps.get(link.fromTableId) ?? new Set<string>()
      for (const id of columnIds(meta, new Set([link.table]))) set.add(id)
      deps.set(link.fromTableId, set)
    }
    out = deps
  } catch (err) {
    // A definition that cannot be built cannot be shown to be safe: it is hidden from restricted callers.
    logger.warn('permissions: could not tell what a computed column reads; hiding it from restricted callers', { tableId: rt.meta.id, columnId: c.id, error: String(err) })
    out = 'unknown'
  }
  cache.set(c.id, out)
  return out
}

const computed = (c: ColumnMeta) => !c.columnName || c.linkSide !== null || c.storedColumn !== null

/**
 * The caller's hidden columns of `rt` and every computed column that reads one of them, or a
 * column hidden from them on a related table (`hiddenOn`): a formula, lookup or rollup of a
 * hidden field is hidden too, so no path shows its value.
 */
export function hiddenWithDependents(rt: TableRuntime, hidden: ReadonlySet<string>, hiddenOn: (tableId: string) => ReadonlySet<string>, logger: Logger): Set<string> {
  const out = new Set(hidden)
  const candidates = rt.meta.columns.filter((c) => computed(c) && !out.has(c.id))
  let changed = true
  while (changed) {
    changed = false
    for (const c of candidates) {
      if (out.has(c.id)) continue
      const deps = dependenciesOf(rt, c, logger)
      const reveals =
        deps === 'unknown' ||
        [...deps].some(([tableId, ids]) => {
          const off = tableId === rt.meta.id ? out : hiddenOn(tableId)
          return [...ids].some((id) => id !== c.id && off.has(id))
        })
      if (reveals) {
        out.add(c.id)
        changed = true
      }
    }
  }
  return out
}
