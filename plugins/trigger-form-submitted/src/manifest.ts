import { definePlugin } from '@docpal/plugin-sdk'

// Mirrors the `docpal` block of package.json, which is what discovery validates.
export const triggerFormSubmittedPlugin = definePlugin({
  id: 'trigger-form-submitted',
  name: 'Trigger: form submitted',
  version: '1.0.0',
  kernel: '^1.0.0',
  dependsOn: [],
  category: 'workflow',
  description: "Starts when someone submits the table's form.",
  capabilities: [],
})
