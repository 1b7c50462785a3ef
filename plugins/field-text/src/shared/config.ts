import { maxLengthConfigSchema, type z } from '@docpal/plugin-sdk'

export const textConfigSchema = maxLengthConfigSchema(10_000)
export type TextConfig = z.output<typeof textConfigSchema>
