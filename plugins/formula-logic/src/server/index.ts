import { bind, coerce, commonType, defineFormulaFunction, defineServerPlugin, isBlank, nullOf, sql, truthy } from '@docpal/plugin-sdk'
import type { AnyFormulaFunction, FormulaArg, FormulaValueType, SQL } from '@docpal/plugin-sdk'
import { formulaFunctionsExtensionPoint } from '@docpal/plugin-field-formula/extension'
import { formulaLogicPlugin } from '../manifest.ts'

/*
 * Logical functions. Conditions accept any type, read as Airtable does (see `truthy`: non-zero
 * numbers, non-empty text, present dates, non-empty arrays); a blank condition is false.
 * Branches of IF and SWITCH of different types give text (each branch shown as text), except
 * date with datetime (datetime). BLANK() and ERROR() are blank text: ERROR() does not fail the
 * query, because one odd row must never fail a page.
 */

const any = (name: string, optional = false) => ({ name, type: 'any', optional }) as const
const bool = () => 'boolean' as const

/** The type of several branches: their common type, else text. */
const branchType = (types: ReadonlyArray<FormulaValueType>): FormulaValueType => commonType(types) ?? 'text'

/** A condition that is never blank. */
const test = (a: FormulaArg) => sql`coalesce(${truthy(a)}, false)`

export const logicFunctions: AnyFormulaFunction[] = [
  defineFormulaFunction({
    name: 'IF',
    description: 'value1 when the condition holds, else value2 (blank when omitted).',
    params: [any('expression'), any('value1'), any('value2', true)],
    returns: (t) => branchType(t.slice(1)),
    compile: ([c, a, b]) => {
      const type = branchType(b === undefined ? [a!.type] : [a!.type, b.type])
      return sql`case when ${test(c!)} then ${coerce(a!, type)} else ${b === undefined ? nullOf(type) : coerce(b, type)} end`
    },
  }),
  defineFormulaFunction({
    name: 'SWITCH',
    description: 'SWITCH(expression, pattern1, result1, ..., [default]): the result of the first pattern equal to the expression.',
    params: [any('expression'), any('pattern'), any('result')],
    variadic: true,
    returns: (t) => {
      const [expr, ...rest] = t
      const pairs = Math.floor(rest.length / 2)
      for (let k = 0; k < pairs; k++) {
        if (commonType([expr!, rest[2 * k]!]) === undefined) return { error: `pattern ${k + 1} is ${rest[2 * k]} but the expression is ${expr}` }
      }
      return branchType(rest.filter((_, k) => k % 2 === 1 || (k === rest.length - 1 && rest.length % 2 === 1)))
    },
    compile: ([expr, ...rest]) => {
      const pairs = Math.floor(rest.length / 2)
      const results = rest.filter((_, k) => k % 2 === 1 || (k === rest.length - 1 && rest.length % 2 === 1))
      const type = branchType(results.map((r) => r.type))
      const fallback = rest.length % 2 === 1 ? coerce(rest[rest.length - 1]!, type) : nullOf(type)
      return bind([expr!.sql], ([v]) => {
        const value: FormulaArg = { sql: v, type: expr!.type }
        const arms: SQL[] = []
        for (let k = 0; k < pairs; k++) {
          const pattern = rest[2 * k]!
          const t = commonType([expr!.type, pattern.type])!
          arms.push(sql`when ${coerce(value, t)} = ${coerce(pattern, t)} then ${coerce(rest[2 * k + 1]!, type)}`)
        }
        return sql`case ${sql.join(arms, sql` `)} else ${fallback} end`
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
    compile: ([a]) => sql`(not ${test(a!)})`,
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
    compile: ([a]) => isBlank(a!),
  }),
]

// The formula plugin takes functions through its extension point (declared in dependsOn too).
export default defineServerPlugin(formulaLogicPlugin, {
  deps: { formulas: formulaFunctionsExtensionPoint },
  setup: (_ctx, { formulas }) => formulas.add(logicFunctions),
})
