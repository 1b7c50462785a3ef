import { z } from '@docpal/plugin-sdk'

export const ganttViewConfigSchema = z.object({
  startFieldId: z.string().min(1).max(100),
  endFieldId: z.string().min(1).max(100),
  /** Text shown on each bar; the client falls back to the primary field. */
  labelFieldId: z.string().min(1).max(100).optional(),
})
export type GanttViewConfig = z.output<typeof ganttViewConfigSchema>
