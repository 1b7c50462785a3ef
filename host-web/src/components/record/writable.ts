import { registry, type ColumnInfo } from '@docpal/plugin-sdk/client'
import { useTypes } from '../../composables/useFieldTypes.ts'
import { isUnavailable } from '../unavailable/unavailable.ts'
import { useTableAccess } from '../../composables/useTableAccess.ts'

/**
 * Whether a column takes input. A client half with a display but no editor says the type is
 * computed; without a client half, the server's flags decide (a relation is computed on read but
 * written as links, so it takes input). Fields a permission rule makes read-only take none either.
 */
export function useWritable(): (column: ColumnInfo) => boolean {
  const types = useTypes()
  const access = useTableAccess()
  return (column) => {
    if (isUnavailable(column)) return false // its plugin is disabled: the server refuses writes
    if (access?.readOnly(column)) return false // a permission rule makes it read-only for the caller
    const def = registry.fieldType(column.type)
    if (def) return !!def.editor
    const info = types.fieldType(column.type)
    return !info?.computed || info.relation
  }
}
