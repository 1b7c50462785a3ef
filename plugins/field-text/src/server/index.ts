import { defineFieldType, defineServerPlugin, maxLengthTextParts } from '@docpal/plugin-sdk'
import { fieldTextPlugin } from '../manifest.ts'
import { textConfigSchema, type TextConfig } from '../shared/config.ts'

export const textFieldType = defineFieldType({
  type: 'text',
  label: 'Text',
  traits: { title: true, storesValuesOf: ['text'], searchIndex: true },
  description: 'Single-line text.',
  config: textConfigSchema,
  ...maxLengthTextParts<TextConfig>(),
})

export default defineServerPlugin(fieldTextPlugin, { fieldTypes: [textFieldType] })
