import { argTextOrEmpty, bind, coerce, commonType, numberParam, present, sql, textParam } from '@docpal/plugin-sdk'
import type { FormulaArg, SQL } from '@docpal/plugin-sdk'
import type { BinaryOp } from './ast.ts'
import { paramAt, passedType, type Typed } from './typecheck.ts'

/*
 * Semantics (documented in README.md):
 * - Blank is NULL. Arithmetic and comparisons with a blank operand give blank (SQL rules); IF, AND,
 *   OR and filters read a blank condition as false.
 * - `&` reads blank as '' (Airtable), so its result is never blank.
 * - x / 0 is blank (nullif), never an error; quotients drop trailing zeros (10 / 4 = 2.5).
 * - date ± number adds days; date - date is the number of days between them (fractional for
 *   datetimes); a date compared with a datetime is read as midnight UTC.
 */

const COMPARE: Readonly<Record<'=' | '!=' | '<' | '<=' | '>' | '>=', SQL>> = {
  '=': sql`=`,
  '!=': sql`<>`,
  '<': sql`<`,
  '<=': sql`<=`,
  '>': sql`>`,
  '>=': sql`>=`,
}

/** Whole days added to a date, within ±1,000,000 (beyond that, blank rather than out of range). */
const MAX_DAYS = 1_000_000

function addDays(date: FormulaArg, days: SQL, sign: SQL): SQL {
  return bind([days], ([n]) => {
    const ok = sql`abs(${n}) <= ${MAX_DAYS}::numeric`
    if (date.type === 'date') return sql`(case when ${ok} then ${date.sql} ${sign} round(${n})::int end)`
    return sql`(case when ${ok} then ${date.sql} ${sign} ${n} * interval '1 day' end)`
  })
}

function binary(op: BinaryOp, l: FormulaArg, r: FormulaArg): SQL {
  switch (op) {
    case '&':
      return sql`(${argTextOrEmpty(l)} || ${argTextOrEmpty(r)})`
    case '*':
      return sql`(${l.sql} * ${r.sql})`
    case '/':
      return sql`trim_scale(${l.sql} / nullif(${r.sql}, 0))`
    case '+':
      if (l.type === 'number' && r.type === 'number') return sql`(${l.sql} + ${r.sql})`
      return l.type === 'number' ? addDays(r, l.sql, sql`+`) : addDays(l, r.sql, sql`+`)
    case '-':
      if (l.type === 'number' && r.type === 'number') return sql`(${l.sql} - ${r.sql})`
      if (r.type === 'number') return addDays(l, r.sql, sql`-`)
      if (l.type === 'date' && r.type === 'date') return sql`((${l.sql} - ${r.sql})::numeric)`
      return sql`trim_scale(extract(epoch from (${coerce(l, 'datetime')} - ${coerce(r, 'datetime')})) / 86400)`
    default: {
      // The type check refused comparisons of values without a common type.
      const t = present(commonType([l.type, r.type]), `a common type of ${l.type} and ${r.type}`)
      return sql`(${coerce(l, t)} ${COMPARE[op]} ${coerce(r, t)})`
    }
  }
}

/** SQL of a type-checked formula. */
export function compileTyped(node: Typed): SQL {
  switch (node.kind) {
    case 'number':
      return numberParam(node.text)
    case 'string':
      return textParam(node.value)
    case 'boolean':
      return node.value ? sql`true` : sql`false`
    case 'field':
      return sql`(${node.field.expr})`
    case 'unary':
      return node.op === '-' ? sql`(- ${compileTyped(node.operand)})` : compileTyped(node.operand)
    case 'binary':
      return binary(node.op, { sql: compileTyped(node.left), type: node.left.type }, { sql: compileTyped(node.right), type: node.right.type })
    case 'call': {
      const args = node.args.map((a, k): FormulaArg => {
        const type = passedType(paramAt(node.fn, k).type, a.type)
        const arg = { sql: compileTyped(a), type: a.type }
        return type === a.type ? arg : { sql: coerce(arg, type), type }
      })
      return sql`(${node.fn.compile(args)})`
    }
  }
}
