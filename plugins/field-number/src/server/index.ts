import { defineFieldType, defineServerPlugin, optionLabel, orderedOperators, selectOptionsOf, sql, withValue, z } from '@docpal/plugin-sdk'
import type { SQL } from '@docpal/plugin-sdk'
import { fieldNumberPlugin } from '../manifest.ts'
import { numberConfigSchema, numberValueSchema, type NumberConfig } from '../shared/config.ts'

// A decimal in the notation ::numeric accepts. The length cap keeps an absurd string (a million
// digits, 1e999999) from overflowing numeric and failing the whole conversion.
const NUMBER_PATTERN = '^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]{1,4})?$'
const MAX_NUMBER_TEXT = 1000
const NUMBER = new RegExp(NUMBER_PATTERN)

/**
 * A numeric expression fitted to the column (a type or config change, shown first by the dry run):
 * rounded to the precision when there is one; NULL when outside the bounds.
 */
function fit(num: SQL, c: NumberConfig): SQL {
  return withValue(num, (v) => {
    const bounds = [sql`true`]
    if (c.min !== undefined) bounds.push(sql`${v} >= ${String(c.min)}::numeric`)
    if (c.max !== undefined) bounds.push(sql`${v} <= ${String(c.max)}::numeric`)
    return sql`case when ${sql.join(bounds, sql` and `)} then ${c.precision === undefined ? v : sql`round(${v}, ${c.precision}::int)`} end`
  })
}

function fromText(text: SQL): SQL {
  return withValue(sql`btrim(${text})`, (v) => sql`case when ${v} ~ ${NUMBER_PATTERN} and length(${v}) <= ${MAX_NUMBER_TEXT}::int then ${v}::numeric end`)
}

const textCast = (col: SQL, ctx: { to: NumberConfig }) => fit(fromText(col), ctx.to)

export const numberFieldType = defineFieldType({
  type: 'number',
  label: 'Number',
  traits: { storesValuesOf: ['number'] },
  description: 'A decimal number.',
  config: numberConfigSchema,
  checkConfig: (c) => (c.min !== undefined && c.max !== undefined && c.min > c.max ? [{ path: ['min'], message: 'min must not exceed max' }] : []),
  column: () => 'numeric',
  input: numberValueSchema,
  // The input schema refused more decimals than the precision, so toFixed only pads; it and
  // String never yield a notation ::numeric rejects (large values give "1e+21", tiny "1e-7").
  encode: (v, c) => (c.precision === undefined ? String(v) : (v as number).toFixed(c.precision)),
  operators: orderedOperators<NumberConfig>({ type: 'numeric', value: () => z.number() }),
  // Search finds a number by its value: text that reads as a number matches equal values
  // ("250.5" finds 250.50); other text cannot match a number.
  search: (col, term) => (term.text.length <= 40 && NUMBER.test(term.text) ? sql`${col} = ${term.text}::numeric` : undefined),
  castFrom: {
    text: textCast,
    long_text: textCast,
    url: textCast,
    email: textCast,
    single_select: (col, ctx) => fit(fromText(optionLabel(col, selectOptionsOf(ctx.fromConfig))), ctx.to),
    switch: (col, ctx) => fit(sql`case when ${col} then 1 when not ${col} then 0 end`, ctx.to),
    number: (col, ctx) => fit(col, ctx.to),
  },
  formulaType: 'number',
})

export default defineServerPlugin(fieldNumberPlugin, { fieldTypes: [numberFieldType] })
