import { z } from '@docpal/plugin-sdk'

export const calendarViewConfigSchema = z.object({
  dateFieldId: z.string().min(1).max(100),
  /** When set, records span from the date to this one; records without it last one day. */
  endDateFieldId: z.string().min(1).max(100).optional(),
  mode: z.enum(['month', 'week']).default('month'),
  /** A single select whose option colours paint the events; unset: one colour for all. */
  colorFieldId: z.string().min(1).max(100).optional(),
})
export type CalendarViewConfig = z.output<typeof calendarViewConfigSchema>
