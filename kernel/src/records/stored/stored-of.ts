import type { TableRuntime } from '../../schema/table-runtime.ts'
import { storedFieldsOf } from '../../schema/stored-fields.ts'
import { StoredMaintainer } from './stored-maintainer.ts'

// One maintainer per table version: it goes with the runtime when the schema changes.
const MAINTAINERS = new WeakMap<TableRuntime, StoredMaintainer>()

/** Keeps the stored values of this table's relations (and those reading this table) true on writes. */
export function storedOf(rt: TableRuntime): StoredMaintainer {
  let m = MAINTAINERS.get(rt)
  if (!m) MAINTAINERS.set(rt, (m = new StoredMaintainer(storedFieldsOf(rt.graph.values(), rt.env).filter((f) => f.column.storedColumn))))
  return m
}
