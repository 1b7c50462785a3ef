import { defineFieldType, defineServerPlugin, linkedRows, arrayLiteral, sql } from '@docpal/plugin-sdk'
import { fieldRelationPlugin } from '../manifest.ts'
import { linkValueSchema, relationConfigSchema, type RelationConfig } from '../shared/config.ts'
import { displayOf } from './display.ts'
import { relationOperators, searchDisplay } from './operators.ts'

/**
 * Links are rows of a kernel-managed link table (src, dst), one per link: both directions are
 * indexed, each end is a foreign key that cascades, and a single-valued end is unique. Reads are
 * one correlated subquery per field, so a page of links is still one statement.
 */
export const relationFieldType = defineFieldType({
  type: 'relation',
  label: 'Relation',
  description: 'Links to records of another table.',
  config: relationConfigSchema,
  checkConfig: (c, scope) => {
    if (!scope) return []
    const target = scope.related(c.targetTableId)
    if (!target) return [{ path: ['targetTableId'], message: 'the linked table does not exist in this company' }]
    if (c.displayFieldId && !target.field(c.displayFieldId)) return [{ path: ['displayFieldId'], message: 'not a field of the linked table' }]
    return []
  },
  column: () => null,
  links: (c: RelationConfig) => ({ targetTableId: c.targetTableId, many: c.allowMultiple }),
  reverseLink: (c, ctx) =>
    c.pairedFieldId
      ? undefined
      : {
          // Named after the table it links from (Deals' Customer shows on Customers as 'Deals'), as
          // Airtable and Baserow name it; a link within one table after the field.
          name: c.reverseRelationName ?? (c.targetTableId === ctx.sourceTableId ? `${ctx.fieldName} (linked)` : ctx.sourceTableName),
          config: { targetTableId: ctx.sourceTableId, allowMultiple: c.reverseAllowMultiple, reverseAllowMultiple: c.allowMultiple, pairedFieldId: ctx.fieldId },
        },
  input: linkValueSchema,
  // Pasted or imported text names the linked records by their display values (the kernel looks them up).
  namesRecords: (c) => ({ tableId: c.targetTableId, fieldId: c.displayFieldId }),
  // Written as ids, answered as the linked records with their display value (always a list).
  output: () => ({
    type: 'array',
    items: { type: 'object', required: ['id', 'display'], properties: { id: { type: 'string', format: 'uuid' }, display: {} } },
  }),
  encode: (v) => arrayLiteral(v as string[]),
  expression: (c, scope) => {
    const self = scope.self
    const r = self ? linkedRows(scope, self.id) : undefined
    if (!r) return sql`'[]'::json`
    const display = displayOf(r.target, c)
    return sql`(select coalesce(json_agg(json_build_object('id', ${r.target.rowId}, 'display', ${display}) order by (${display})::text, ${r.target.rowId}), '[]'::json) from ${r.fromWhere})`
  },
  grouped: (c, scope, rows) => {
    const self = scope.self
    const links = self ? scope.links(self.id) : undefined
    const target = links ? scope.related(links.targetTableId) : undefined
    if (!links || !target) return undefined
    const display = displayOf(target, c)
    const only = rows ? sql` where ${links.self} in (${rows})` : sql``
    return {
      sql: sql`select ${links.self} as id, json_agg(json_build_object('id', ${target.rowId}, 'display', ${display}) order by (${display})::text, ${target.rowId}) as v from ${links.from} join ${target.from} on ${target.rowId} = ${links.other}${only} group by ${links.self}`,
      empty: sql`'[]'::json`,
    }
  },
  // Sorts by the first linked record's display value, as Airtable does.
  sortKey: (col) => sql`(${col} -> 0 ->> 'display')`,
  operators: relationOperators,
  // Search reads what the cell shows: the linked records' display values.
  search: (_col, term, c, scope) => searchDisplay(c, scope, term.pattern),
})

export default defineServerPlugin(fieldRelationPlugin, { fieldTypes: [relationFieldType] })
