import { definePlugin } from '@docpal/plugin-sdk'

// Mirrors the `docpal` block of package.json, which is what discovery validates.
export const fieldRelationPlugin = definePlugin({
  id: 'field-relation',
  name: 'Relation',
  version: '1.0.0',
  kernel: '^1.0.0',
  dependsOn: [],
  category: 'field',
  description: 'Links to records of another table (or the same one), both directions indexed.',
  capabilities: [],
})
