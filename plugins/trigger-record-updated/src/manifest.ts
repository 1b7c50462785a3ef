import { definePlugin } from '@docpal/plugin-sdk'

// Mirrors the `docpal` block of package.json, which is what discovery validates.
export const triggerRecordUpdatedPlugin = definePlugin({
  id: 'trigger-record-updated',
  name: 'Trigger: record updated',
  version: '1.0.0',
  kernel: '^1.0.0',
  dependsOn: [],
  category: 'workflow',
  description: 'Starts a workflow when a record, or chosen fields of it, change.',
  capabilities: [],
})
