import { bind, coerce, commonType, defineFormulaFunction, defineServerPlugin, isBlank, nullOf, present, sql, truthy } from '@docpal/plugin-sdk'
import type { AnyFormulaFunction, FormulaArg, FormulaValueType } from '@docpal/plugin-sdk'
import { formulaFunctionsExtensionPoint } from '@docpal/plugin-field-formula/extension'
import { formulaLogicPlugin } from '../manifest.ts'

/*
 * Logical functions. Conditions accept any type, read as Airtable does (see `truthy`: non-zero
 * numbers, non-empty text, present dates, non-empty arrays); a blank condition is false.
 * Branches of IF and SWITCH of different types give text (each branch shown as text), except
 * date with datetime (datetime). BLANK() and ERROR() are blank text: ERROR() does not fail the
 * query, because one odd row must never fail a page.
 */

const any = (name: string) => ({ name, type: 'any' }) as const
const bool = () => 'boolean' as const

/** The type of several branches: their common type, else text. */
const branchType = (types: ReadonlyArray<FormulaValueType>): FormulaValueType => commonType(types) ?? 'text'

/** SWITCH's arguments after the expression: (pattern, result) pairs, then an optional default. */
function switchArms<T>(rest: ReadonlyArray<T>): { pairs: Array<{ pattern: T; result: T }>; fallback: T | undefined } {
  const pairs: Array<{ pattern: T; result: T }> = []
  let pattern: { value: T } | undefined
  for (const x of rest) {
    if (pattern === undefined) pattern = { value: x }
    else {
      pairs.push({ pattern: pattern.value, result: x })
      pattern = undefined
    }
  }
  return { pairs, fallback: pattern?.value }
}

/** A condition that is never blank. */
const test = (a: FormulaArg) => sql`coalesce(${truthy(a)}, false)`

export const logicFunctions: AnyFormulaFunction[] = [
  defineFormulaFunction({
    name: 'IF',
    description: 'value1 when the condition holds, else value2 (blank when omitted).',
    params: [any('expression'), any('value1'), { name: 'value2', type: 'any', optional: true }],
    returns: (t) => branchType(t.slice(1)),
    compile: ([c, a, b]) => {
      const type = branchType(b === undefined ? [a.type] : [a.type, b.type])
      return sql`case when ${test(c)} then ${coerce(a, type)} else ${b === undefined ? nullOf(type) : coerce(b, type)} end`
    },
  }),
  defineFormulaFunction({
    name: 'SWITCH',
    description: 'SWITCH(expression, pattern1, result1, ..., [default]): the result of the first pattern equal to the expression.',
    params: [any('expression'), any('pattern'), any('result')],
    variadic: true,
    returns: (t) => {
      const [expr, ...rest] = t
      const { pairs, fallback } = switchArms(rest)
      const exprType = present(expr, 'the SWITCH expression')
      for (const [k, { pattern }] of pairs.entries()) {
        if (commonType([exprType, pattern]) === undefined) return { error: `pattern ${k + 1} is ${pattern} but the expression is ${exprType}` }
      }
      return branchType([...pairs.map((p) => p.result), ...(fallback === undefined ? [] : [fallback])])
    },
    compile: ([expr, ...rest]) => {
      const { pairs, fallback } = switchArms(rest)
      const type = branchType([...pairs.map((p) => p.result.type), ...(fallback === undefined ? [] : [fallback.type])])
      const otherwise = fallback === undefined ? nullOf(type) : coerce(fallback, type)
      return bind([expr.sql], ([v]) => {
        const value: FormulaArg = { sql: v, type: expr.type }
        const arms = pairs.map(({ pattern, result }, k) => {
          // `returns` refused patterns without a common type with the expression.
          const t = present(commonType([expr.type, pattern.type]), `a common type of SWITCH pattern ${k + 1} and the expression`)
          return sql`when ${coerce(value, t)} = ${coerce(pattern, t)} then ${coerce(result, type)}`
        })
        return sql`case ${sql.join(arms, sql` `)} else ${otherwise} end`
      })
    },
  }),
  defineFormulaFunction({
    name: 'AND',
    description: 'True when every argument is true (blank reads as false).',
    params: [any('expression')],
    variadic: true,
    returns: bool,
    compile: (args) => sql`(${sql.join(args.map(test), sql` and `)})`,
  }),
  defineFormulaFunction({
    name: 'OR',
    description: 'True when any argument is true (blank reads as false).',
    params: [any('expression')],
    variadic: true,
    returns: bool,
    compile: (args) => sql`(${sql.join(args.map(test), sql` or `)})`,
  }),
  defineFormulaFunction({
    name: 'XOR',
    description: 'True when an odd number of arguments are true.',
    params: [any('expression')],
    variadic: true,
    returns: bool,
    compile: (args) =>
      sql`(mod(${sql.join(
        args.map((a) => sql`(case when ${test(a)} then 1 else 0 end)`),
        sql` + `,
      )}, 2) = 1)`,
  }),
  defineFormulaFunction({
    name: 'NOT',
    description: 'The opposite of the condition (blank reads as false, so NOT(blank) is true).',
    params: [any('expression')],
    returns: bool,
    compile: ([a]) => sql`(not ${test(a)})`,
  }),
  defineFormulaFunction({
    name: 'BLANK',
    description: 'A blank value (of type text).',
    params: [],
    returns: () => 'text',
    compile: () => nullOf('text'),
  }),
  defineFormulaFunction({
    name: 'ERROR',
    description: 'Marks an error: yields blank (text) so the row still shows; the message is ignored.',
    params: [{ name: 'message', type: 'text', optional: true }],
    returns: () => 'text',
    compile: () => nullOf('text'),
  }),
  defineFormulaFunction({
    name: 'ISBLANK',
    description: 'True for blank values, empty text and empty arrays.',
    params: [any('value')],
    returns: bool,
    compile: ([a]) => isBlank(a),
  }),
]

// The formula plugin takes functions through its extension point (declared in dependsOn too).
export default defineServerPlugin(formulaLogicPlugin, {
  deps: { formulas: formulaFunctionsExtensionPoint },
  setup: (_ctx, { formulas }) => formulas.add(logicFunctions),
})
