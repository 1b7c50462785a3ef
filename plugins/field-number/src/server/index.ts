import { DECIMAL_PATTERN, defineFieldType, defineServerPlugin, optionLabel, orderedOperators, searchedNumber, selectOptionsOf, sql, withValue, z } from '@docpal/plugin-sdk'
import type { SQL } from '@docpal/plugin-sdk'
import { fieldNumberPlugin } from '../manifest.ts'
import { NUMBER_MESSAGES, numberConfigSchema, numberValueSchema, type NumberConfig } from '../shared/config.ts'

// The length cap keeps an absurd string (a million digits) from overflowing numeric and failing
// the whole conversion.
const MAX_NUMBER_TEXT = 1000
const NUMBER = new RegExp(DECIMAL_PATTERN)

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
  return withValue(sql`btrim(${text})`, (v) => sql`case when ${v} ~ ${DECIMAL_PATTERN} and length(${v}) <= ${MAX_NUMBER_TEXT}::int then ${v}::numeric end`)
}

/**
 * A number typed as text (an imported cell): spaces and `,` thousands separators are dropped
 * ("1,234.5", "1 234.5"); anything else that is not a plain decimal stays text and is refused by
 * the input schema. More than 15 significant digits would not survive a double: kept as text
 * (refused) rather than changed silently.
 */
function parseNumberText(text: string): unknown {
  let s = text.replace(/[\s\u00a0\u202f]/g, '')
  if (/^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$/.test(s)) s = s.replace(/,/g, '')
  if (s.length > 40 || !NUMBER.test(s)) return text
  const digits = s
    .replace(/[eE].*$/, '')
    .replace(/[^0-9]/g, '')
    .replace(/^0+|0+$/g, '')
  if (digits.length > 15) return text
  const n = Number(s)
  return Number.isFinite(n) ? n : text
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
  messages: NUMBER_MESSAGES,
  parseText: parseNumberText,
  // The input schema refused more decimals than the precision, so toFixed only pads; it and
  // String never yield a notation ::numeric rejects (large values give "1e+21", tiny "1e-7").
  encode: (v, c) => (c.precision === undefined ? String(v) : (v as number).toFixed(c.precision)),
  operators: orderedOperators<NumberConfig>({ type: 'numeric', value: () => z.number() }),
  // Search finds a number by its value: text that reads as a number matches equal values
  // ("250.5" finds 250.50); other text cannot match a number.
  search: (col, term) => {
    const n = searchedNumber(term)
    return n === undefined ? undefined : sql`${col} = ${n}::numeric`
  },
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
