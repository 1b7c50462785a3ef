import { definePlugin } from '@docpal/plugin-sdk'

// Mirrors the `docpal` block of package.json, which is what discovery validates.
export const fieldSingleSelectPlugin = definePlugin({
  id: 'field-single-select',
  name: 'Single select',
  version: '1.0.0',
  kernel: '^1.0.0',
  dependsOn: [],
  category: 'field',
  description: 'One value chosen from a list of options.',
  capabilities: [],
})
