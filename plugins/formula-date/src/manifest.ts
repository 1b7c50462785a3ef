import { definePlugin } from '@docpal/plugin-sdk'

// Mirrors the `docpal` block of package.json, which is what discovery validates.
export const formulaDatePlugin = definePlugin({
  id: 'formula-date',
  name: 'Date functions',
  version: '1.0.0',
  kernel: '^1.0.0',
  dependsOn: ['field-formula'],
  category: 'other',
  description: 'DATETIME_DIFF, DATEADD, DATETIME_FORMAT and other date functions for formulas.',
  capabilities: [],
})
