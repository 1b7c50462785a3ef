import { definePlugin } from '@docpal/plugin-sdk'

// Mirrors the `docpal` block of package.json, which is what discovery validates.
export const actionWaitForEventPlugin = definePlugin({
  id: 'action-wait-for-event',
  name: 'Action: wait for an event',
  version: '1.0.0',
  kernel: '^1.0.0',
  dependsOn: [],
  category: 'workflow',
  description: 'Pauses the run until a named event arrives (from another workflow or the API), or a timeout.',
  capabilities: [],
})
