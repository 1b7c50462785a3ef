import { definePlugin } from '@docpal/plugin-sdk'

// Mirrors the `docpal` block of package.json, which is what discovery validates.
export const fieldAggregationPlugin = definePlugin({
  id: 'field-aggregation',
  name: 'Aggregation',
  version: '1.0.0',
  kernel: '^1.0.0',
  dependsOn: ['field-relation'],
  category: 'field',
  description: 'Count, sum, average, min or max of a field across a relation.',
  capabilities: [],
})
