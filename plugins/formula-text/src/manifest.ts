import { definePlugin } from '@docpal/plugin-sdk'

// Mirrors the `docpal` block of package.json, which is what discovery validates.
export const formulaTextPlugin = definePlugin({
  id: 'formula-text',
  name: 'Text functions',
  version: '1.0.0',
  kernel: '^1.0.0',
  dependsOn: ['field-formula'],
  category: 'other',
  description: 'CONCAT, MID, FIND, SUBSTITUTE and other text functions for formulas.',
  capabilities: [],
})
