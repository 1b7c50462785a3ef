import { bind, clampInt, defineFormulaFunction, defineServerPlugin, numericOfText, sql } from '@docpal/plugin-sdk'
import type { AnyFormulaFunction, FormulaArg, SQL } from '@docpal/plugin-sdk'
import { formulaFunctionsExtensionPoint } from '@docpal/plugin-field-formula/extension'
import { formulaMathPlugin } from '../manifest.ts'

/*
 * Number functions. Every one is total: a blank argument gives blank (SUM and friends skip
 * blanks), and inputs outside a function's domain give blank instead of an SQL error:
 * SQRT(-1), LOG(0), MOD(x, 0), POWER(0, -1), POWER(-8, 1/3), results beyond 1e1000.
 */

const num = () => 'number' as const
const value = { name: 'value', type: 'number' } as const
const precision = { name: 'precision', type: 'number', optional: true } as const
const numbers = { name: 'number', type: ['number', 'number[]'] } as const

/** Digits for round/trunc: an integer within ±1000 (numeric's scale limits are wider). */
const digits = (a: FormulaArg | undefined): SQL => (a === undefined ? sql`0` : clampInt(sql`trunc(${a.sql})`, -1000, 1000))

/** All scalar and array arguments as one numeric[] (for SUM, AVERAGE, MIN, MAX). */
function allNumbers(args: ReadonlyArray<FormulaArg>): SQL {
  const scalars = args.filter((a) => a.type === 'number').map((a) => a.sql)
  const arrays = args.filter((a) => a.type === 'number[]').map((a) => sql`coalesce(${a.sql}, '{}'::numeric[])`)
  const parts = [...(scalars.length > 0 ? [sql`array[${sql.join(scalars, sql`, `)}]::numeric[]`] : []), ...arrays]
  return sql.join(parts, sql` || `)
}

function aggregate(fn: SQL, args: ReadonlyArray<FormulaArg>): SQL {
  return sql`(select ${fn}(docpal_x) from unnest(${allNumbers(args)}) as docpal_u(docpal_x))`
}

function ceilingOrFloor(name: 'CEILING' | 'FLOOR', fn: SQL): AnyFormulaFunction {
  return defineFormulaFunction({
    name,
    description: `Rounds to the nearest multiple of significance (default 1) ${name === 'CEILING' ? 'at or above' : 'at or below'} the value.`,
    params: [value, { name: 'significance', type: 'number', optional: true }],
    returns: num,
    compile: ([v, s]) => (s === undefined ? sql`${fn}(${v.sql})` : bind([v.sql, s.sql], ([x, m]) => sql`${fn}(${x} / nullif(${m}, 0)) * ${m}`)),
  })
}

export const mathFunctions: AnyFormulaFunction[] = [
  defineFormulaFunction({
    name: 'ROUND',
    description: 'Rounds to `precision` decimal places (negative: tens, hundreds); halves away from zero.',
    params: [value, precision],
    returns: num,
    compile: ([v, p]) => sql`round(${v.sql}, ${digits(p)})`,
  }),
  defineFormulaFunction({
    name: 'ROUNDUP',
    description: 'Rounds away from zero to `precision` decimal places.',
    params: [value, precision],
    returns: num,
    compile: ([v, p]) =>
      bind([v.sql, digits(p)], ([x, d]) => sql`round(trunc(${x}, ${d}) + case when ${x} = trunc(${x}, ${d}) then 0 else sign(${x}) * power(10::numeric, -${d}) end, ${d})`),
  }),
  defineFormulaFunction({
    name: 'ROUNDDOWN',
    description: 'Rounds toward zero to `precision` decimal places.',
    params: [value, precision],
    returns: num,
    compile: ([v, p]) => sql`trunc(${v.sql}, ${digits(p)})`,
  }),
  defineFormulaFunction({ name: 'ABS', params: [value], returns: num, compile: ([v]) => sql`abs(${v.sql})` }),
  ceilingOrFloor('CEILING', sql`ceil`),
  ceilingOrFloor('FLOOR', sql`floor`),
  defineFormulaFunction({
    name: 'INT',
    description: 'The greatest integer at or below the value: INT(-1.5) = -2.',
    params: [value],
    returns: num,
    compile: ([v]) => sql`floor(${v.sql})`,
  }),
  defineFormulaFunction({
    name: 'MOD',
    description: 'Remainder of value / divisor, with the sign of value; blank when divisor is 0.',
    params: [value, { name: 'divisor', type: 'number' }],
    returns: num,
    compile: ([v, d]) => sql`mod(${v.sql}, nullif(${d.sql}, 0))`,
  }),
  defineFormulaFunction({
    name: 'POWER',
    description: 'base raised to power; blank where undefined (0^-1, (-8)^0.5) or beyond 1e1000.',
    params: [
      { name: 'base', type: 'number' },
      { name: 'power', type: 'number' },
    ],
    returns: num,
    compile: ([b, e]) =>
      bind(
        [b.sql, e.sql],
        ([x, p]) => sql`case
        when ${x} is null or ${p} is null then null
        when ${x} = 0 then case when ${p} < 0 then null when ${p} = 0 then 1::numeric else 0::numeric end
        when ${x} < 0 and ${p} <> trunc(${p}) then null
        when abs(${x}) = 1 then case when ${x} = 1 or mod(${p}, 2) = 0 then 1::numeric else -1::numeric end
        when abs(${p} * log(abs(${x}))) > 1000 then null
        else trim_scale(power(${x}, ${p})) end`,
      ),
  }),
  defineFormulaFunction({
    name: 'SQRT',
    description: 'Square root; blank for negative numbers.',
    params: [value],
    returns: num,
    compile: ([v]) => bind([v.sql], ([x]) => sql`case when ${x} >= 0 then trim_scale(sqrt(${x})) end`),
  }),
  defineFormulaFunction({
    name: 'EXP',
    description: 'e raised to the value; blank above 2000, 0 below -2000.',
    params: [value],
    returns: num,
    compile: ([v]) => bind([v.sql], ([x]) => sql`case when ${x} > 2000 then null when ${x} < -2000 then 0::numeric else trim_scale(exp(${x})) end`),
  }),
  defineFormulaFunction({
    name: 'LOG',
    description: 'Logarithm in `base` (default 10); blank for non-positive numbers or bases and base 1.',
    params: [value, { name: 'base', type: 'number', optional: true }],
    returns: num,
    compile: ([v, b]) => bind([v.sql, b?.sql ?? sql`10::numeric`], ([x, base]) => sql`case when ${x} > 0 and ${base} > 0 and ${base} <> 1 then trim_scale(log(${base}, ${x})) end`),
  }),
  defineFormulaFunction({
    name: 'MIN',
    description: 'The smallest of the numbers (arrays included), ignoring blanks.',
    params: [numbers],
    variadic: true,
    returns: num,
    compile: (args) => aggregate(sql`min`, args),
  }),
  defineFormulaFunction({
    name: 'MAX',
    description: 'The largest of the numbers (arrays included), ignoring blanks.',
    params: [numbers],
    variadic: true,
    returns: num,
    compile: (args) => aggregate(sql`max`, args),
  }),
  defineFormulaFunction({
    name: 'SUM',
    description: 'The sum of the numbers (arrays included); blanks count as nothing, so no numbers give 0.',
    params: [numbers],
    variadic: true,
    returns: num,
    compile: (args) => sql`coalesce(${aggregate(sql`sum`, args)}, 0::numeric)`,
  }),
  defineFormulaFunction({
    name: 'AVERAGE',
    description: 'The mean of the non-blank numbers (arrays included); blank when there are none.',
    params: [numbers],
    variadic: true,
    returns: num,
    compile: (args) => sql`trim_scale(${aggregate(sql`avg`, args)})`,
  }),
  defineFormulaFunction({
    name: 'VALUE',
    description: "Reads a number from text, ignoring spaces, thousands separators and currency signs ('$1,000' = 1000); blank when it is not a number.",
    params: [{ name: 'text', type: ['text', 'number'] }],
    returns: num,
    compile: ([t]) => (t.type === 'number' ? t.sql : numericOfText(sql`regexp_replace(${t.sql}, '[\\s,$€£¥]', '', 'g')`)),
  }),
]

// The formula plugin takes functions through its extension point (declared in dependsOn too).
export default defineServerPlugin(formulaMathPlugin, {
  deps: { formulas: formulaFunctionsExtensionPoint },
  setup: (_ctx, { formulas }) => formulas.add(mathFunctions),
})
