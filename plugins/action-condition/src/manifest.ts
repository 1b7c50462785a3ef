import { definePlugin } from '@docpal/plugin-sdk'

// Mirrors the `docpal` block of package.json, which is what discovery validates.
export const actionConditionPlugin = definePlugin({
  id: 'action-condition',
  name: 'Action: condition',
  version: '1.0.0',
  kernel: '^1.0.0',
  dependsOn: [],
  category: 'workflow',
  description: "Branches on the run's data (then / else).",
  capabilities: [],
})
