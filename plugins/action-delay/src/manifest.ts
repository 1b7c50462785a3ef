import { definePlugin } from '@docpal/plugin-sdk'

// Mirrors the `docpal` block of package.json, which is what discovery validates.
export const actionDelayPlugin = definePlugin({
  id: 'action-delay',
  name: 'Action: delay',
  version: '1.0.0',
  kernel: '^1.0.0',
  dependsOn: [],
  category: 'workflow',
  description: 'Waits some minutes or until a date.',
  capabilities: [],
})
