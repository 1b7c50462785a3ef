import { definePlugin } from '@docpal/plugin-sdk'

// Mirrors the `docpal` block of package.json, which is what discovery validates.
export const fieldSwitchPlugin = definePlugin({
  id: 'field-switch',
  name: 'Switch',
  version: '1.0.0',
  kernel: '^1.0.0',
  dependsOn: [],
  category: 'field',
  description: 'A yes/no checkbox.',
  capabilities: [],
})
