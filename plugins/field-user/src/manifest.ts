import { definePlugin } from '@docpal/plugin-sdk'

// Mirrors the `docpal` block of package.json, which is what discovery validates.
export const fieldUserPlugin = definePlugin({
  id: 'field-user',
  name: 'User',
  version: '1.0.0',
  kernel: '^1.0.0',
  dependsOn: [],
  category: 'field',
  description: 'One or more users of the company.',
  capabilities: [],
})
