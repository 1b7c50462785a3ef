import { definePlugin } from '@docpal/plugin-sdk'

// Mirrors the `docpal` block of package.json, which is what discovery validates.
export const fieldNumberPlugin = definePlugin({
  id: 'field-number',
  name: 'Number',
  version: '1.0.0',
  kernel: '^1.0.0',
  dependsOn: [],
  category: 'field',
  description: 'Decimal numbers with a fixed precision and optional bounds.',
  capabilities: [],
})
