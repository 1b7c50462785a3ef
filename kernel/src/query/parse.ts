import type { ErrorPath, FilterNode, SortNode } from '@docpal/plugin-sdk'
import { codes } from '../errors/codes.ts'
import type { TableRuntime } from '../schema/table-runtime.ts'
import { parseOrThrow } from '../validation.ts'

const MAX_DEPTH = 12
const MAX_NODES = 500
const MAX_SORTS = 10

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/**
 * Turns the API's filter JSON into the AST, resolving names to column ids and validating each
 * operator and value against the field type. Everything unknown is a 400 with its path.
 */
export function parseFilter(rt: TableRuntime, input: unknown, path: ErrorPath = ['filter']): FilterNode | undefined {
  if (input === undefined || input === null) return undefined
  let nodes = 0
  const walk = (n: unknown, at: ErrorPath, depth: number): FilterNode => {
    if (++nodes > MAX_NODES) throw codes.KRN_ERR_VALIDATION(`A filter has at most ${MAX_NODES} conditions.`, { path: at })
    if (depth > MAX_DEPTH) throw codes.KRN_ERR_VALIDATION(`Filter groups nest at most ${MAX_DEPTH} deep.`, { path: at })
    if (!isObject(n)) throw codes.KRN_ERR_VALIDATION('A filter node is an object: {"and": [...]}, {"or": [...]} or {"field", "op", "value"}.', { path: at })
    for (const kind of ['and', 'or'] as const) {
      if (kind in n) {
        const children = n[kind]
        if (!Array.isArray(children)) throw codes.KRN_ERR_VALIDATION(`'${kind}' takes an array of filter nodes.`, { path: [...at, kind] })
        return { kind, children: Object.freeze(children.map((c, i) => walk(c, [...at, kind, i], depth + 1))) }
      }
    }
    if (typeof n['field'] !== 'string') throw codes.KRN_ERR_VALIDATION('A condition needs "field" (a column name or id).', { path: [...at, 'field'] })
    if (typeof n['op'] !== 'string') throw codes.KRN_ERR_VALIDATION('A condition needs "op" (an operator name).', { path: [...at, 'op'] })
    const field = rt.field(n['field'], [...at, 'field'])
    const op = n['op']
    const def = Object.hasOwn(field.fieldType.operators, op) ? field.fieldType.operators[op] : undefined
    if (!def) {
      throw codes.KRN_ERR_QUERY_UNKNOWN_OPERATOR(op, field.label, Object.keys(field.fieldType.operators).join(', '), { path: [...at, 'op'] })
    }
    if (!def.value) return Object.freeze({ kind: 'condition', field: field.key, op })
    if (!('value' in n)) throw codes.KRN_ERR_QUERY_BAD_VALUE(field.label, op, 'a value is required.', { path: [...at, 'value'] })
    const value = parseOrThrow(def.value(field.config), n['value'], [...at, 'value'], (msg, ext) => codes.KRN_ERR_QUERY_BAD_VALUE(field.label, op, msg, ext))
    return Object.freeze({ kind: 'condition', field: field.key, op, value })
  }
  return walk(input, path, 0)
}

export function parseSort(rt: TableRuntime, input: unknown, path: ErrorPath = ['sort']): SortNode[] {
  if (input === undefined || input === null) return []
  if (!Array.isArray(input)) throw codes.KRN_ERR_VALIDATION('`sort` is an array of {"field", "direction"}.', { path })
  if (input.length > MAX_SORTS) throw codes.KRN_ERR_VALIDATION(`At most ${MAX_SORTS} sorts.`, { path })
  return input.map((s, i) => {
    const at = [...path, i]
    if (!isObject(s) || typeof s['field'] !== 'string') throw codes.KRN_ERR_VALIDATION('A sort is {"field": <name or id>, "direction": "asc" | "desc"}.', { path: at })
    // A misspelt key (`dir`, `order`) would otherwise sort ascending without a word.
    const other = Object.keys(s).find((k) => k !== 'field' && k !== 'direction')
    if (other !== undefined) throw codes.KRN_ERR_VALIDATION(`A sort takes "field" and "direction" only, not "${other}".`, { path: [...at, other] })
    const dir = s['direction'] ?? 'asc'
    if (dir !== 'asc' && dir !== 'desc') throw codes.KRN_ERR_VALIDATION('`direction` is "asc" or "desc".', { path: [...at, 'direction'] })
    const field = rt.field(s['field'], [...at, 'field'])
    return Object.freeze({ field: field.key, direction: dir })
  })
}

export function parseFields(rt: TableRuntime, input: unknown, path: ErrorPath = ['fields']): string[] | undefined {
  if (input === undefined || input === null) return undefined
  if (!Array.isArray(input)) throw codes.KRN_ERR_VALIDATION('`fields` is an array of column names or ids.', { path })
  return input.map((f, i) => {
    if (typeof f !== 'string') throw codes.KRN_ERR_VALIDATION('A field is a column name or id.', { path: [...path, i] })
    const r = rt.field(f, [...path, i])
    if (!rt.byId.has(r.key)) throw codes.KRN_ERR_VALIDATION('System fields are always returned; list columns only.', { path: [...path, i] })
    return r.key
  })
}
