import { OPTION_MESSAGES, arrayLiteral, defineFieldType, defineServerPlugin, optionLabelsArray, optionsContaining, sql, wordedIssue, z } from '@docpal/plugin-sdk'
import { fieldMultipleSelectPlugin } from '../manifest.ts'
import { checkSelectConfig, multipleSelectConfigSchema, optionRefSchema, type MultipleSelectConfig } from '../shared/config.ts'
import { fromMultiple, fromSingle, fromText } from './casts.ts'
import { multipleSelectOperators } from './operators.ts'

function inputSchema(c: MultipleSelectConfig) {
  return z
    .array(optionRefSchema(c))
    .max(c.options.length)
    .refine((v) => new Set(v).size === v.length, wordedIssue('eachOptionOnce', 'each option at most once'))
}

export const multipleSelectFieldType = defineFieldType({
  type: 'multiple_select',
  label: 'Multiple select',
  traits: { storesValuesOf: ['text[]'] },
  description: 'Any number of options from a list.',
  config: multipleSelectConfigSchema,
  checkConfig: checkSelectConfig,
  column: () => 'text[]',
  input: inputSchema,
  messages: OPTION_MESSAGES,
  // A cell lists options by id or label, comma-separated ("Red, Blue"), as the export writes them.
  parseText: (text) =>
    text
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== ''),
  output: (c) => ({
    type: 'array',
    items: { type: 'string', ...(c.options.length ? { enum: c.options.map((o) => o.id) } : {}) },
    description: 'option ids (cellFormat=label answers the labels)',
  }),
  encode: (v) => arrayLiteral(v as string[]),
  operators: multipleSelectOperators,
  // Search reads labels: a row matches when it has any option whose label contains the text.
  search: (col, term, c) => {
    const ids = optionsContaining(c.options, term.text)
    return ids.length ? sql`${col} && ${arrayLiteral(ids)}::text[]` : undefined
  },
  castFrom: {
    text: fromText,
    long_text: fromText,
    single_select: fromSingle,
    multiple_select: fromMultiple,
  },
  formulaType: 'text[]',
  // Formulas and lookups see the labels, in the order chosen (ARRAYJOIN({Tags}) reads "Red, Blue").
  formulaValue: (c, value) => optionLabelsArray(value, c.options),
})

export default defineServerPlugin(fieldMultipleSelectPlugin, { fieldTypes: [multipleSelectFieldType] })
