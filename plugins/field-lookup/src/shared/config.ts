import { z } from '@docpal/plugin-sdk'

export const lookupConfigSchema = z.object({
  /** A relation field of this table. */
  relationFieldId: z.uuid(),
  /** The field of the linked table whose values are looked up. */
  targetFieldId: z.uuid(),
})
export type LookupConfig = z.output<typeof lookupConfigSchema>
