import { maxLengthConfigSchema, type z } from '@docpal/plugin-sdk'

export const longTextConfigSchema = maxLengthConfigSchema(1_000_000)
export type LongTextConfig = z.output<typeof longTextConfigSchema>
