import { definePlugin } from '@docpal/plugin-sdk'

// Mirrors the `docpal` block of package.json, which is what discovery validates.
export const actionRunWorkflowPlugin = definePlugin({
  id: 'action-run-workflow',
  name: 'Action: run a workflow',
  version: '1.0.0',
  kernel: '^1.0.0',
  dependsOn: [],
  category: 'workflow',
  description: 'Starts another workflow of the company with inputs, and waits for its end or not.',
  capabilities: [],
})
