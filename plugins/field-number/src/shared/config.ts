import { wordedIssue, z, type FieldMessages } from '@docpal/plugin-sdk'
import { fitsPrecision } from './precision.ts'

export const numberConfigSchema = z.object({
  /**
   * Digits kept after the decimal point. Unset: the column keeps every value as given (numeric
   * without a scale). Set: a value with more decimals is refused, never rounded (issue 15:
   * numbers never change silently).
   */
  precision: z.number().int().min(0).max(10).optional(),
  min: z.number().optional(),
  max: z.number().optional(),
})
export type NumberConfig = z.output<typeof numberConfigSchema>

export function numberValueSchema(config: NumberConfig) {
  let schema = z.number()
  if (config.min !== undefined) schema = schema.min(config.min)
  if (config.max !== undefined) schema = schema.max(config.max)
  const p = config.precision
  if (p === undefined) return schema
  const kept = p === 0 ? 'a whole number (the column keeps no decimals)' : `at most ${p} decimal place${p === 1 ? '' : 's'} (the column's precision is ${p})`
  const english = `must be ${kept}; round it first or raise the column's precision`
  return schema.refine((v) => fitsPrecision(v, p), wordedIssue(p === 0 ? 'wholeNumber' : 'precision', english, { p }))
}

/** The number field's own refusals in other languages (its `messages`). */
export const NUMBER_MESSAGES: FieldMessages = {
  'zh-CN': {
    wholeNumber: '必须是整数（该列不保留小数）；请先取整，或提高该列的精度',
    precision: '最多保留 {p} 位小数（该列的精度为 {p}）；请先四舍五入，或提高该列的精度',
  },
}
