import { arrayLiteral, defineFieldType, defineServerPlugin, optionLabel, selectOptionsOf, sql, withValue, z } from '@docpal/plugin-sdk'
import type { SQL } from '@docpal/plugin-sdk'
import { fieldSwitchPlugin } from '../manifest.ts'
import { switchConfigSchema } from '../shared/config.ts'

// Words people type in a yes/no column; anything else does not convert and shows in the dry run.
// An empty string reads as "no", as an unticked box does.
const TRUE_WORDS = ['true', 't', 'yes', 'y', '1', 'checked', 'on']
const FALSE_WORDS = ['false', 'f', 'no', 'n', '0', 'unchecked', 'off', '']

function fromText(text: SQL): SQL {
  return withValue(
    sql`lower(btrim(${text}))`,
    (v) => sql`case
    when ${v} = any(${arrayLiteral(TRUE_WORDS)}::text[]) then true
    when ${v} = any(${arrayLiteral(FALSE_WORDS)}::text[]) then false end`,
  )
}

export const switchFieldType = defineFieldType({
  type: 'switch',
  label: 'Switch',
  traits: { storesValuesOf: ['boolean'] },
  description: 'A yes/no checkbox.',
  config: switchConfigSchema,
  column: () => 'boolean',
  input: () => z.boolean(),
  // The same words as the conversion from text; other text is refused by the input schema.
  parseText: (text) => {
    const w = text.toLowerCase()
    return TRUE_WORDS.includes(w) ? true : FALSE_WORDS.includes(w) ? false : text
  },
  encode: (v) => (v === true ? 't' : 'f'),
  operators: {
    // IS TRUE / IS FALSE spell out how an empty (NULL) switch reads: never equal to either value.
    eq: { value: () => z.boolean(), build: (col, v) => (v === true ? sql`${col} is true` : sql`${col} is false`) },
    neq: { value: () => z.boolean(), build: (col, v) => (v === true ? sql`${col} is not true` : sql`${col} is not false`) },
    is_true: { build: (col) => sql`${col} is true` },
    // An untouched switch (NULL) is off.
    is_false: { build: (col) => sql`${col} is not true` },
    is_empty: { build: (col) => sql`${col} is null` },
    is_not_empty: { build: (col) => sql`${col} is not null` },
  },
  castFrom: {
    text: fromText,
    long_text: fromText,
    single_select: (col, ctx) => fromText(optionLabel(col, selectOptionsOf(ctx.fromConfig))),
    number: (col) => sql`${col} <> 0`,
  },
  formulaType: 'boolean',
})

export default defineServerPlugin(fieldSwitchPlugin, { fieldTypes: [switchFieldType] })
