import { definePlugin } from '@docpal/plugin-sdk'

// Mirrors the `docpal` block of package.json, which is what discovery validates.
export const actionTransformPlugin = definePlugin({
  id: 'action-transform',
  name: 'Action: transform data',
  version: '1.0.0',
  kernel: '^1.0.0',
  dependsOn: [],
  category: 'workflow',
  description: 'Computes output variables from lists and values: pick, rename, map, filter, sum, count, min, max.',
  capabilities: [],
})
