import { definePlugin } from '@docpal/plugin-sdk'

// Mirrors the `docpal` block of package.json, which is what discovery validates.
export const actionParallelPlugin = definePlugin({
  id: 'action-parallel',
  name: 'Action: parallel branches',
  version: '1.0.0',
  kernel: '^1.0.0',
  dependsOn: [],
  category: 'workflow',
  description: 'Runs several branches of steps at once and goes on when all are done.',
  capabilities: [],
})
