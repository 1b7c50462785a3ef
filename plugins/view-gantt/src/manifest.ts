import { definePlugin } from '@docpal/plugin-sdk'

// Mirrors the `docpal` block of package.json, which is what discovery validates.
export const viewGanttPlugin = definePlugin({
  id: 'view-gantt',
  name: 'Gantt view',
  version: '1.0.0',
  kernel: '^1.0.0',
  dependsOn: [],
  category: 'view',
  description: 'Records drawn as bars between a start and an end date.',
  capabilities: [],
})
