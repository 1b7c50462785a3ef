import { definePlugin } from '@docpal/plugin-sdk'

// Mirrors the `docpal` block of package.json, which is what discovery validates.
export const triggerManualPlugin = definePlugin({
  id: 'trigger-manual',
  name: 'Trigger: manual',
  version: '1.0.0',
  kernel: '^1.0.0',
  dependsOn: [],
  category: 'workflow',
  description: 'Starts a workflow by hand, with a form of inputs.',
  capabilities: [],
})
