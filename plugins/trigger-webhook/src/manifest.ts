import { definePlugin } from '@docpal/plugin-sdk'

// Mirrors the `docpal` block of package.json, which is what discovery validates.
export const triggerWebhookPlugin = definePlugin({
  id: 'trigger-webhook',
  name: 'Trigger: incoming webhook',
  version: '1.0.0',
  kernel: '^1.0.0',
  dependsOn: [],
  category: 'workflow',
  description: 'Starts a workflow when its secret URL is called, with an optional signature and body check.',
  capabilities: [],
})
