import { z } from 'zod'
import type { CountMode, FilterNode, QueryAst, SortNode } from '@docpal/plugin-sdk'
import { codes } from '../errors/codes.ts'
import { parseFields, parseFilter, parseSort } from '../query/parse.ts'
import { parseOrThrow } from '../validation.ts'
import type { TableRuntime } from '../schema/table-runtime.ts'
import { MAX_SEARCH_LENGTH } from '../query/search.ts'

export const MAX_LIMIT = 1000

/** The API's list parameters (query string or POST body), before resolution against a table. */
export const ListParams = z.object({
  filter: z.unknown().optional(),
  sort: z.unknown().optional(),
  fields: z.unknown().optional(),
  search: z.string().max(MAX_SEARCH_LENGTH).optional().describe('Quick search: rows where any searchable field contains this text, ignoring case (ANDed with filter)'),
  limit: z.coerce.number().int().min(1).max(MAX_LIMIT).default(50),
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
  cursor: z.string().max(10_000).optional(),
  count: z.union([z.boolean(), z.enum(['true', 'false', 'exact', 'estimate', 'none'])]).optional(),
  fieldKey: z.enum(['name', 'id']).default('name'),
  cellFormat: z.enum(['id', 'label']).default('id').describe('How select cells are answered: option ids (default) or their labels'),
})
export type ListParams = z.output<typeof ListParams>

/**
 * The same parameters in a query string, derived from `ListParams`: everything arrives as text,
 * so `filter`, `sort` and `fields` are JSON text and `count` one of its words.
 */
export const ListQuery = ListParams.extend({
  filter: z.string().max(1_000_000).optional().describe('JSON: {"and"|"or": [{field, op, value?}, ...]}'),
  sort: z.string().max(100_000).optional().describe('JSON: [{field, direction}, ...]'),
  fields: z.string().max(100_000).optional().describe('JSON: [column name or id, ...]'),
  count: z.enum(['true', 'false', 'exact', 'estimate', 'none']).optional(),
})

function jsonParam(v: unknown, name: string): unknown {
  if (typeof v !== 'string') return v
  try {
    return JSON.parse(v)
  } catch {
    throw codes.KRN_ERR_VALIDATION(`\`${name}\` is not valid JSON.`, { path: [name] })
  }
}

function countMode(c: ListParams['count']): CountMode {
  if (c === true || c === 'true' || c === 'exact') return 'exact'
  if (c === 'estimate') return 'estimate'
  return 'none'
}

/**
 * Validates list parameters against the table and builds the query AST. A view's filter (`extra`)
 * may test columns the caller cannot see (its author could): for a restricted caller it stays out
 * of the AST as `trusted`, bound against the whole table when the query is resolved.
 */
export function buildQuery(
  rt: TableRuntime,
  raw: unknown,
  extra: { filter?: FilterNode; sort?: ReadonlyArray<SortNode>; groupBy?: string; fields?: ReadonlyArray<string> } = {},
): { ast: QueryAst; params: ListParams; trusted: FilterNode | undefined } {
  const params = parseOrThrow(ListParams, raw ?? {})
  const own = parseFilter(rt, jsonParam(params.filter, 'filter'))
  const trusted = rt.restriction ? extra.filter : undefined
  const filters = [trusted ? undefined : extra.filter, own].filter((f): f is FilterNode => f !== undefined)
  const sort = parseSort(rt, jsonParam(params.sort, 'sort'))
  const fields = parseFields(rt, jsonParam(params.fields, 'fields'))
  const ast: QueryAst = Object.freeze({
    kind: 'select',
    tableId: rt.meta.id,
    fields: fields ? [...new Set([...fields, ...(extra.fields ?? [])])] : undefined,
    filter: filters.length === 0 ? undefined : filters.length === 1 ? filters[0] : { kind: 'and' as const, children: filters },
    sort: sort.length ? sort : [...(extra.sort ?? [])],
    limit: params.limit,
    offset: params.offset,
    after: undefined,
    count: countMode(params.count),
    groupBy: extra.groupBy,
    search: params.search,
  })
  return { ast, params, trusted }
}
