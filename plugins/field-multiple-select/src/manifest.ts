import { definePlugin } from '@docpal/plugin-sdk'

// Mirrors the `docpal` block of package.json, which is what discovery validates.
export const fieldMultipleSelectPlugin = definePlugin({
  id: 'field-multiple-select',
  name: 'Multiple select',
  version: '1.0.0',
  kernel: '^1.0.0',
  dependsOn: [],
  category: 'field',
  description: 'Any number of values chosen from a list of options.',
  capabilities: [],
})
