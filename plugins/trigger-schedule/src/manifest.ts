import { definePlugin } from '@docpal/plugin-sdk'

// Mirrors the `docpal` block of package.json, which is what discovery validates.
export const triggerSchedulePlugin = definePlugin({
  id: 'trigger-schedule',
  name: 'Trigger: schedule',
  version: '1.0.0',
  kernel: '^1.0.0',
  dependsOn: [],
  category: 'workflow',
  description: 'Starts a workflow on a cron schedule in a time zone.',
  capabilities: [],
})
