import { definePlugin } from '@docpal/plugin-sdk'

// Mirrors the `docpal` block of package.json, which is what discovery validates.
export const actionCreateRecordPlugin = definePlugin({
  id: 'action-create-record',
  name: 'Action: create record',
  version: '1.0.0',
  kernel: '^1.0.0',
  dependsOn: [],
  category: 'workflow',
  description: 'Creates a record (once, however often the step is retried).',
  capabilities: [],
})
