import { z } from '@docpal/plugin-sdk'

export const switchConfigSchema = z.object({})
