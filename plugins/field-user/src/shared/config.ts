import { z } from '@docpal/plugin-sdk'

export const userConfigSchema = z.object({
  allowMultiple: z.boolean().default(false),
  /** Only users with one of these roles may be chosen (checked on write). */
  filterByRole: z.array(z.string().min(1).max(64)).max(50).optional(),
})
export type UserConfig = z.output<typeof userConfigSchema>
