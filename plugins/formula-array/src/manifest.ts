import { definePlugin } from '@docpal/plugin-sdk'

// Mirrors the `docpal` block of package.json, which is what discovery validates.
export const formulaArrayPlugin = definePlugin({
  id: 'formula-array',
  name: 'Array functions',
  version: '1.0.0',
  kernel: '^1.0.0',
  dependsOn: ['field-formula'],
  category: 'other',
  description: 'ARRAYJOIN, ARRAYUNIQUE and ARRAYCOMPACT for formulas over lookups.',
  capabilities: [],
})
