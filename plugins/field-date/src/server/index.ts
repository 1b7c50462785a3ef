import { defineFieldType, defineServerPlugin, sql } from '@docpal/plugin-sdk'
import { fieldDatePlugin } from '../manifest.ts'
import { dateConfigSchema, dateValueSchema, encodeDate, parseDateText } from '../shared/config.ts'
import { columnType, fromDate, fromText } from './casts.ts'
import { dateOperators } from './operators.ts'

export const dateFieldType = defineFieldType({
  type: 'date',
  label: 'Date',
  traits: { storesValuesOf: ['date', 'datetime'] },
  description: 'A calendar date, optionally with a time.',
  config: dateConfigSchema,
  column: columnType,
  input: dateValueSchema,
  parseText: parseDateText,
  encode: (v, c) => encodeDate(String(v), c),
  // One fixed ISO form in UTC, whatever the driver or DateStyle would make of a timestamptz.
  toJson: (col, c) => (c.includeTime ? sql`to_char(${col} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')` : col),
  operators: dateOperators,
  castFrom: { text: fromText, long_text: fromText, date: fromDate },
  formulaType: 'date',
  valueType: (c) => (c.includeTime ? 'datetime' : 'date'),
})

export default defineServerPlugin(fieldDatePlugin, { fieldTypes: [dateFieldType] })
