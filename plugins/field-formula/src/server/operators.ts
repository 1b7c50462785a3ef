import { escapeLike, FORMULA_SQL_TYPE, ISO_DATE_SOURCE, NUMBER_TEXT_PATTERN, isBlank, isArrayType, sql, textOfFormula, truthy, z } from '@docpal/plugin-sdk'
import type { FieldScope, FormulaValueType, OperatorDefinition, SQL } from '@docpal/plugin-sdk'
import type { FormulaConfig } from '../shared/config.ts'
import { formulaType } from './formula.ts'

/*
 * A formula's result type depends on other fields, so it is known only with a scope. When the
 * kernel passes one to `build`, values are validated and cast to that type (a value that cannot be
 * of the type matches nothing, never an SQL error). Without a scope the value is sent as an
 * untyped parameter, which PostgreSQL types after the expression.
 */

type Op = OperatorDefinition<FormulaConfig>

const scalarValue = () => z.union([z.string().max(10_000), z.number(), z.boolean()])
const textValue = () => z.string().max(10_000)

function resultType(config: FormulaConfig, scope: FieldScope | undefined): FormulaValueType | undefined {
  if (scope === undefined) return undefined
  try {
    return formulaType(config.formula, scope)
  } catch {
    return undefined
  }
}

const NUMBER_RE = new RegExp(NUMBER_TEXT_PATTERN)
const DATE_RE = new RegExp(`^${ISO_DATE_SOURCE}$`)

/** A filter value as the text form of `type`, or undefined when it cannot be one. */
function encode(v: unknown, type: FormulaValueType): string | undefined {
  switch (type) {
    case 'number':
      if (typeof v === 'number') return Number.isFinite(v) ? String(v) : undefined
      return typeof v === 'string' && NUMBER_RE.test(v.trim()) && v.length <= 1000 ? v.trim() : undefined
    case 'text':
      return String(v)
    case 'boolean':
      if (v === true || v === 'true') return 'true'
      if (v === false || v === 'false') return 'false'
      return undefined
    case 'date':
      return typeof v === 'string' && DATE_RE.test(v) ? v : undefined
    case 'datetime': {
      if (typeof v !== 'string' || !/^\d{4}-\d\d-\d\d/.test(v)) return undefined
      const ms = Date.parse(v)
      return Number.isNaN(ms) ? undefined : new Date(ms).toISOString()
    }
    default:
      return undefined
  }
}

function comparison(op: SQL, whenInvalid: SQL): Op {
  return {
    value: scalarValue,
    build: (col, v, c, scope) => {
      const type = resultType(c, scope)
      if (type === undefined) return sql`(${col}) ${op} ${String(v)}`
      if (isArrayType(type)) return sql`(${textOfFormula(col, type)}) ${op} ${String(v)}::text`
      const text = encode(v, type)
      return text === undefined ? whenInvalid : sql`(${col}) ${op} ${text}::${FORMULA_SQL_TYPE[type]}`
    },
  }
}

function textOf(col: SQL, type: FormulaValueType | undefined): SQL {
  return type === undefined ? sql`(${col})::text` : textOfFormula(col, type)
}

function pattern(make: (s: string) => string, negate: boolean): Op {
  return {
    value: textValue,
    build: (col, v, c, scope) => {
      const text = textOf(col, resultType(c, scope))
      const p = make(escapeLike(String(v)))
      return negate ? sql`(${text} is null or ${text} not ilike ${p})` : sql`${text} ilike ${p}`
    },
  }
}

function blank(col: SQL, c: FormulaConfig, scope: FieldScope | undefined): SQL {
  const type = resultType(c, scope)
  if (type === undefined) return sql`coalesce((${col})::text, '') = ''`
  return isBlank({ sql: col, type })
}

function truth(col: SQL, c: FormulaConfig, scope: FieldScope | undefined): SQL {
  const type = resultType(c, scope)
  if (type === undefined) return sql`(${col})::text = 'true'`
  return sql`coalesce(${truthy({ sql: col, type })}, false)`
}

export const formulaOperators: Record<string, Op> = {
  eq: comparison(sql`=`, sql`false`),
  // "is not X" keeps blank rows, as for stored fields; a value of the wrong type differs from every row.
  neq: { ...comparison(sql`is distinct from`, sql`true`) },
  gt: comparison(sql`>`, sql`false`),
  gte: comparison(sql`>=`, sql`false`),
  lt: comparison(sql`<`, sql`false`),
  lte: comparison(sql`<=`, sql`false`),
  contains: pattern((s) => `%${s}%`, false),
  not_contains: pattern((s) => `%${s}%`, true),
  starts_with: pattern((s) => `${s}%`, false),
  ends_with: pattern((s) => `%${s}`, false),
  is_empty: { build: (col, _v, c, scope) => blank(col, c, scope) },
  is_not_empty: { build: (col, _v, c, scope) => sql`not (${blank(col, c, scope)})` },
  is_true: { build: (col, _v, c, scope) => truth(col, c, scope) },
  is_false: { build: (col, _v, c, scope) => sql`not (${truth(col, c, scope)})` },
}
