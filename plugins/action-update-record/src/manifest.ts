import { definePlugin } from '@docpal/plugin-sdk'

// Mirrors the `docpal` block of package.json, which is what discovery validates.
export const actionUpdateRecordPlugin = definePlugin({
  id: 'action-update-record',
  name: 'Action: update records',
  version: '1.0.0',
  kernel: '^1.0.0',
  dependsOn: [],
  category: 'workflow',
  description: "Updates the trigger's record, a related one, or records found by a filter.",
  capabilities: [],
})
