import { definePlugin } from '@docpal/plugin-sdk'

// Mirrors the `docpal` block of package.json, which is what discovery validates.
export const fieldTextPlugin = definePlugin({
  id: 'field-text',
  name: 'Text',
  version: '1.0.0',
  kernel: '^1.0.0',
  dependsOn: [],
  category: 'field',
  description: 'Single-line text, bounded by a configurable maximum length.',
  capabilities: [],
})
