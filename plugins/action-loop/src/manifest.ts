import { definePlugin } from '@docpal/plugin-sdk'

// Mirrors the `docpal` block of package.json, which is what discovery validates.
export const actionLoopPlugin = definePlugin({
  id: 'action-loop',
  name: 'Action: loop over records',
  version: '1.0.0',
  kernel: '^1.0.0',
  dependsOn: [],
  category: 'workflow',
  description: 'Runs its steps once for each record a query finds, or each item of a list.',
  capabilities: [],
})
