import { definePlugin } from '@docpal/plugin-sdk'

// Mirrors the `docpal` block of package.json, which is what discovery validates.
export const viewCalendarPlugin = definePlugin({
  id: 'view-calendar',
  name: 'Calendar view',
  version: '1.0.0',
  kernel: '^1.0.0',
  dependsOn: [],
  category: 'view',
  description: 'Records placed on a month or week calendar by a date field.',
  capabilities: [],
})
