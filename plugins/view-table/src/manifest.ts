import { definePlugin } from '@docpal/plugin-sdk'

// Mirrors the `docpal` block of package.json, which is what discovery validates.
export const viewTablePlugin = definePlugin({
  id: 'view-table',
  name: 'Table view',
  version: '1.0.0',
  kernel: '^1.0.0',
  dependsOn: [],
  category: 'view',
  description: 'A spreadsheet-like grid of records.',
  capabilities: [],
})
