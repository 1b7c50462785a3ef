import { defineFieldType, defineServerPlugin, guardPattern, sql, textOperators, z } from '@docpal/plugin-sdk'
import type { SQL } from '@docpal/plugin-sdk'
import { fieldEmailPlugin } from '../manifest.ts'
import { emailConfigSchema, emailValueSchema, MAX_EMAIL_LENGTH } from '../shared/config.ts'

// Looser than z.email(), which has no PostgreSQL equivalent: one @ and a dot in the domain.
const EMAIL_PATTERN = '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$'

const fromText = (col: SQL) => guardPattern(col, EMAIL_PATTERN, MAX_EMAIL_LENGTH)

export const emailFieldType = defineFieldType({
  type: 'email',
  label: 'Email',
  traits: { title: true, searchIndex: true },
  description: 'An email address.',
  config: emailConfigSchema,
  column: () => 'text',
  input: () => emailValueSchema(),
  // Filter values are fragments ("ends with @example.com"), not whole addresses.
  operators: textOperators(() => z.string().max(MAX_EMAIL_LENGTH)),
  castFrom: {
    text: fromText,
    long_text: fromText,
    // A mailto: link converts to its address.
    url: (col) => fromText(sql`regexp_replace(${col}, ${'^mailto:'}, '')`),
  },
  formulaType: 'text',
})

export default defineServerPlugin(fieldEmailPlugin, { fieldTypes: [emailFieldType] })
