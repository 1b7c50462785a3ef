import { definePlugin } from '@docpal/plugin-sdk'

// Mirrors the `docpal` block of package.json, which is what discovery validates.
export const formulaMathPlugin = definePlugin({
  id: 'formula-math',
  name: 'Math functions',
  version: '1.0.0',
  kernel: '^1.0.0',
  dependsOn: ['field-formula'],
  category: 'other',
  description: 'ROUND, ABS, POWER, SUM and other number functions for formulas.',
  capabilities: [],
})
