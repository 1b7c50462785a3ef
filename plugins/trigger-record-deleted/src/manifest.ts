import { definePlugin } from '@docpal/plugin-sdk'

// Mirrors the `docpal` block of package.json, which is what discovery validates.
export const triggerRecordDeletedPlugin = definePlugin({
  id: 'trigger-record-deleted',
  name: 'Trigger: record deleted',
  version: '1.0.0',
  kernel: '^1.0.0',
  dependsOn: [],
  category: 'workflow',
  description: 'Starts a workflow when a record is deleted.',
  capabilities: [],
})
