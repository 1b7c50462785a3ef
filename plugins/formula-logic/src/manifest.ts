import { definePlugin } from '@docpal/plugin-sdk'

// Mirrors the `docpal` block of package.json, which is what discovery validates.
export const formulaLogicPlugin = definePlugin({
  id: 'formula-logic',
  name: 'Logic functions',
  version: '1.0.0',
  kernel: '^1.0.0',
  dependsOn: ['field-formula'],
  category: 'other',
  description: 'IF, SWITCH, AND, OR and other logical functions for formulas.',
  capabilities: [],
})
