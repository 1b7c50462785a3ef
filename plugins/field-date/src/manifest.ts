import { definePlugin } from '@docpal/plugin-sdk'

// Mirrors the `docpal` block of package.json, which is what discovery validates.
export const fieldDatePlugin = definePlugin({
  id: 'field-date',
  name: 'Date',
  version: '1.0.0',
  kernel: '^1.0.0',
  dependsOn: [],
  category: 'field',
  description: 'Calendar dates, optionally with a time of day.',
  capabilities: [],
})
