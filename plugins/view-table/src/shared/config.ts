import { z } from '@docpal/plugin-sdk'

export const tableViewConfigSchema = z.object({
  hiddenFields: z.array(z.string().min(1).max(100)).max(1000).optional(),
  /** Pixel widths by column id. */
  columnWidths: z.record(z.string().min(1).max(100), z.number().int().min(20).max(2000)).optional(),
  rowHeight: z.enum(['short', 'medium', 'tall']).default('short'),
})
export type TableViewConfig = z.output<typeof tableViewConfigSchema>
