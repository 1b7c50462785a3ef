import { definePlugin } from '@docpal/plugin-sdk'

// Mirrors the `docpal` block of package.json, which is what discovery validates.
export const fieldUrlPlugin = definePlugin({
  id: 'field-url',
  name: 'URL',
  version: '1.0.0',
  kernel: '^1.0.0',
  dependsOn: [],
  category: 'field',
  description: 'Web and mail links (http, https, ftp, mailto).',
  capabilities: [],
})
