import { OPTION_MESSAGES, arrayLiteral, defineFieldType, defineServerPlugin, ifOption, optionIdOf, optionLabel, optionsContaining, scalarOperators, sql } from '@docpal/plugin-sdk'
import type { CastContext, SQL } from '@docpal/plugin-sdk'
import { fieldSingleSelectPlugin } from '../manifest.ts'
import { checkSelectConfig, optionRefSchema, singleSelectConfigSchema, type SingleSelectConfig } from '../shared/config.ts'

// The stored value is the option id, so renaming an option never touches rows.
const fromText = (col: SQL, ctx: CastContext<SingleSelectConfig>) => optionIdOf(col, ctx.to.options)

export const singleSelectFieldType = defineFieldType({
  type: 'single_select',
  label: 'Single select',
  description: 'One option from a list.',
  config: singleSelectConfigSchema,
  checkConfig: checkSelectConfig,
  column: () => 'text',
  // Values (and filter values) by option id or label; stored and answered as the id.
  input: optionRefSchema,
  messages: OPTION_MESSAGES,
  output: (c) => ({ type: 'string', ...(c.options.length ? { enum: c.options.map((o) => o.id) } : {}), description: 'option id (cellFormat=label answers the label)' }),
  operators: scalarOperators<SingleSelectConfig>({ type: 'text', value: optionRefSchema }),
  // Search reads labels: the options whose label contains the text are found in JavaScript, so
  // the row test is a plain `= any(ids)` (served by the column's index when a view sorts by it).
  search: (col, term, c) => {
    const ids = optionsContaining(c.options, term.text)
    return ids.length ? sql`${col} = any(${arrayLiteral(ids)}::text[])` : undefined
  },
  // Options sort in the order the user arranged them, not alphabetically.
  sortKey: (col, c) => sql`array_position(${arrayLiteral(c.options.map((o) => o.id))}::text[], ${col})`,
  castFrom: {
    text: fromText,
    long_text: fromText,
    url: fromText,
    email: fromText,
    // After a config change, values whose option was removed do not convert.
    single_select: (col, ctx) => ifOption(col, ctx.to.options),
    multiple_select: (col, ctx) => ifOption(sql`(${col})[1]`, ctx.to.options),
  },
  formulaType: 'text',
  // `{Status} & '!'` reads "Open!": formulas and lookups see the label, as in Airtable.
  formulaValue: (c, value) => optionLabel(value, c.options),
})

export default defineServerPlugin(fieldSingleSelectPlugin, { fieldTypes: [singleSelectFieldType] })
