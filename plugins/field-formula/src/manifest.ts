import { definePlugin } from '@docpal/plugin-sdk'

// Mirrors the `docpal` block of package.json, which is what discovery validates.
export const fieldFormulaPlugin = definePlugin({
  id: 'field-formula',
  name: 'Formula',
  version: '1.0.0',
  kernel: '^1.0.0',
  dependsOn: [],
  category: 'field',
  description: 'Computed fields from Airtable-style formulas, compiled to one SQL expression.',
  capabilities: [],
})
