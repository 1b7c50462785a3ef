import { definePlugin } from '@docpal/plugin-sdk'

// Mirrors the `docpal` block of package.json, which is what discovery validates.
export const actionApprovalPlugin = definePlugin({
  id: 'action-approval',
  name: 'Action: approval',
  version: '1.0.0',
  kernel: '^1.0.0',
  dependsOn: [],
  category: 'workflow',
  description: 'Waits for approvers to approve, reject or ask for changes.',
  capabilities: [],
})
