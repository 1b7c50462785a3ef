import { definePlugin } from '@docpal/plugin-sdk'

// Mirrors the `docpal` block of package.json, which is what discovery validates.
export const actionSendEmailPlugin = definePlugin({
  id: 'action-send-email',
  name: 'Action: send email',
  version: '1.0.0',
  kernel: '^1.0.0',
  dependsOn: [],
  category: 'workflow',
  description: 'Sends an email with record data to addresses or users, once per step of a run.',
  capabilities: [],
})
