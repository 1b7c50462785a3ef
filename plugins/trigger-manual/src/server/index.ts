import { defineServerPlugin, defineTrigger, z } from '@docpal/plugin-sdk'
import { triggerManualPlugin } from '../manifest.ts'

/** Started by hand (a button, or `POST /api/workflows/:id/run {input}`), with the inputs it asks for as `trigger.input`. */
export const manual = defineTrigger({
  type: 'manual',
  label: 'Manual',
  description: 'Starts when someone runs it, with a form of inputs.',
  config: z
    .object({
      inputs: z
        .array(
          z
            .object({ name: z.string().min(1).max(200), type: z.enum(['text', 'long_text', 'number', 'date', 'switch']).default('text'), required: z.boolean().default(false) })
            .strict(),
        )
        .max(50)
        .default([]),
    })
    .strict(),
  events: [],
  manual: true,
  matches: () => false,
})

export default defineServerPlugin(triggerManualPlugin, { triggers: [manual] })
