import { defineFieldType, defineServerPlugin, maxLengthTextParts } from '@docpal/plugin-sdk'
import { fieldLongTextPlugin } from '../manifest.ts'
import { longTextConfigSchema, type LongTextConfig } from '../shared/config.ts'

export const longTextFieldType = defineFieldType({
  type: 'long_text',
  label: 'Long text',
  traits: { title: true },
  description: 'Multi-line text.',
  config: longTextConfigSchema,
  ...maxLengthTextParts<LongTextConfig>(),
})

export default defineServerPlugin(fieldLongTextPlugin, { fieldTypes: [longTextFieldType] })
