import { z } from '@docpal/plugin-sdk'

export const kanbanViewConfigSchema = z.object({
  /** The single-select column whose options are the board's columns. */
  groupByFieldId: z.guid(),
  cardFields: z.array(z.string().min(1).max(100)).max(100).optional(),
  hideEmptyColumn: z.boolean().optional(),
})
export type KanbanViewConfig = z.output<typeof kanbanViewConfigSchema>
