import { z } from '@docpal/plugin-sdk'

export const numberConfigSchema = z.object({
  /** Digits kept after the decimal point; values are rounded to it when written. */
  precision: z.number().int().min(0).max(10).default(0),
  min: z.number().optional(),
  max: z.number().optional(),
})
export type NumberConfig = z.output<typeof numberConfigSchema>

export function numberValueSchema(config: NumberConfig) {
  let schema = z.number()
  if (config.min !== undefined) schema = schema.min(config.min)
  if (config.max !== undefined) schema = schema.max(config.max)
  return schema
}
