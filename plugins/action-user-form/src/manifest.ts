import { definePlugin } from '@docpal/plugin-sdk'

// Mirrors the `docpal` block of package.json, which is what discovery validates.
export const actionUserFormPlugin = definePlugin({
  id: 'action-user-form',
  name: 'Action: user form',
  version: '1.0.0',
  kernel: '^1.0.0',
  dependsOn: [],
  category: 'workflow',
  description: 'Waits for an assignee to fill a form.',
  capabilities: [],
})
