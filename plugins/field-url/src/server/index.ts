import { defineFieldType, defineServerPlugin, guardPattern, sql, textOperators, z } from '@docpal/plugin-sdk'
import type { SQL } from '@docpal/plugin-sdk'
import { fieldUrlPlugin } from '../manifest.ts'
import { MAX_URL_LENGTH, urlConfigSchema, urlValueSchema } from '../shared/config.ts'

// Looser than URL.canParse, which PostgreSQL cannot run: converted text needs a scheme and no
// spaces. mailto: is left out so that words such as "mailto:me" typed as notes stay unconverted.
const URL_PATTERN = '^(https?|ftp)://\\S+$'

const fromText = (col: SQL) => guardPattern(col, URL_PATTERN, MAX_URL_LENGTH)

export const urlFieldType = defineFieldType({
  type: 'url',
  label: 'URL',
  traits: { title: true, searchIndex: true },
  description: 'A link to a web page, file or mail address.',
  config: urlConfigSchema,
  column: () => 'text',
  input: () => urlValueSchema(),
  // Filter values are fragments ("contains example.com"), not whole URLs.
  operators: textOperators(() => z.string().max(MAX_URL_LENGTH)),
  castFrom: {
    text: fromText,
    long_text: fromText,
    // An address converts to the link that writes to it.
    email: (col) => sql`'mailto:' || ${col}`,
  },
  formulaType: 'text',
})

export default defineServerPlugin(fieldUrlPlugin, { fieldTypes: [urlFieldType] })
