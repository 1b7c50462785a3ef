import { z } from '@docpal/plugin-sdk'

export const calendarViewConfigSchema = z.object({
  dateFieldId: z.string().min(1).max(100),
  /** When set, records span from the date to this one; records without it last one day. */
  endDateFieldId: z.string().min(1).max(100).optional(),
  mode: z.enum(['month', 'week']).default('month'),
})
export type CalendarViewConfig = z.output<typeof calendarViewConfigSchema>
