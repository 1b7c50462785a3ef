import { definePlugin } from '@docpal/plugin-sdk'

// Mirrors the `docpal` block of package.json, which is what discovery validates.
export const actionCallWebhookPlugin = definePlugin({
  id: 'action-call-webhook',
  name: 'Action: call webhook',
  version: '1.0.0',
  kernel: '^1.0.0',
  dependsOn: [],
  category: 'workflow',
  description: 'Calls an HTTP endpoint on a host the admin allows and maps its JSON answer into variables.',
  capabilities: [],
})
