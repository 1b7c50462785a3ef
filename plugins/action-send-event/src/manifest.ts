import { definePlugin } from '@docpal/plugin-sdk'

// Mirrors the `docpal` block of package.json, which is what discovery validates.
export const actionSendEventPlugin = definePlugin({
  id: 'action-send-event',
  name: 'Action: send an event',
  version: '1.0.0',
  kernel: '^1.0.0',
  dependsOn: [],
  category: 'workflow',
  description: 'Sends a named event to the runs waiting for it.',
  capabilities: [],
})
