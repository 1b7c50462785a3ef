import { z } from '@docpal/plugin-sdk'

export const AGGREGATIONS = ['count', 'count_non_empty', 'sum', 'avg', 'min', 'max'] as const

export const aggregationConfigSchema = z.object({
  relationFieldId: z.uuid(),
  /** The field aggregated; not needed for `count`. */
  targetFieldId: z.uuid().optional(),
  aggregation: z.enum(AGGREGATIONS),
})
export type AggregationConfig = z.output<typeof aggregationConfigSchema>
