import { z } from '@docpal/plugin-sdk'

export const tableViewConfigSchema = z.object({
  hiddenFields: z.array(z.string().min(1).max(100)).max(1000).optional(),
  /** Pixel widths by column id. */
  columnWidths: z.record(z.string().min(1).max(100), z.number().int().min(20).max(2000)).optional(),
  rowHeight: z.enum(['short', 'medium', 'tall']).default('short'),
  /** The summary row's choice per column id (the host's grid shows it; the server computes it). */
  summary: z.record(z.string().min(1).max(100), z.enum(['count', 'empty', 'sum', 'avg', 'min', 'max'])).optional(),
})
export type TableViewConfig = z.output<typeof tableViewConfigSchema>
