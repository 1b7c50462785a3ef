import { definePlugin } from '@docpal/plugin-sdk'

// Mirrors the `docpal` block of package.json, which is what discovery validates.
export const viewKanbanPlugin = definePlugin({
  id: 'view-kanban',
  name: 'Kanban view',
  version: '1.0.0',
  kernel: '^1.0.0',
  dependsOn: [],
  category: 'view',
  description: 'Cards grouped into columns by a single-select field.',
  capabilities: [],
})
