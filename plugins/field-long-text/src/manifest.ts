import { definePlugin } from '@docpal/plugin-sdk'

// Mirrors the `docpal` block of package.json, which is what discovery validates.
export const fieldLongTextPlugin = definePlugin({
  id: 'field-long-text',
  name: 'Long text',
  version: '1.0.0',
  kernel: '^1.0.0',
  dependsOn: [],
  category: 'field',
  description: 'Multi-line text up to a million characters.',
  capabilities: [],
})
