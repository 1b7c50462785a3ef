import { definePlugin } from '@docpal/plugin-sdk'

// Mirrors the `docpal` block of package.json, which is what discovery validates.
export const fieldLookupPlugin = definePlugin({
  id: 'field-lookup',
  name: 'Lookup',
  version: '1.0.0',
  kernel: '^1.0.0',
  dependsOn: ['field-relation'],
  category: 'field',
  description: 'Values of a field across a relation.',
  capabilities: [],
})
