import { sql, type SQL } from 'drizzle-orm'
import type { FieldScope, LinkStorage, RelatedScope } from './field-scope.ts'

export interface LinkedRows {
  readonly links: LinkStorage
  readonly target: RelatedScope
  /** `<links> join <target> on ... where <links.self> = <this row>`: the tail of a subquery. */
  readonly fromWhere: SQL
}

/** The records linked to the current row through a relation field, for correlated subqueries. */
export function linkedRows(scope: FieldScope, relationFieldId: string): LinkedRows | undefined {
  const links = scope.links(relationFieldId)
  if (!links) return undefined
  const target = scope.related(links.targetTableId)
  if (!target) return undefined
  return { links, target, fromWhere: sql`${links.from} join ${target.from} on ${target.rowId} = ${links.other} where ${links.self} = ${scope.rowId}` }
}

/** Config checks shared by lookups and aggregations: a relation of this table and a field behind it. */
export function checkAcross(scope: FieldScope | undefined, relationFieldId: string, targetFieldId: string | undefined): Array<{ path: Array<string | number>; message: string }> {
  if (!scope) return []
  const rows = linkedRows(scope, relationFieldId)
  if (!rows) return [{ path: ['relationFieldId'], message: `'${relationFieldId}' is not a relation field of this table` }]
  if (targetFieldId !== undefined && !rows.target.field(targetFieldId)) {
    return [{ path: ['targetFieldId'], message: `'${targetFieldId}' is not a field of the linked table` }]
  }
  return []
}
