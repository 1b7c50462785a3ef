import { z } from '@docpal/plugin-sdk'

export const MAX_FORMULA_LENGTH = 20_000

export const formulaConfigSchema = z.object({
  /** Airtable-style source: `{Price} * {Quantity}`, `IF({Done}, 'yes', 'no')`. */
  formula: z.string().min(1).max(MAX_FORMULA_LENGTH),
})
export type FormulaConfig = z.output<typeof formulaConfigSchema>
