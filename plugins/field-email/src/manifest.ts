import { definePlugin } from '@docpal/plugin-sdk'

// Mirrors the `docpal` block of package.json, which is what discovery validates.
export const fieldEmailPlugin = definePlugin({
  id: 'field-email',
  name: 'Email',
  version: '1.0.0',
  kernel: '^1.0.0',
  dependsOn: [],
  category: 'field',
  description: 'Email addresses.',
  capabilities: [],
})
