// Placeholder for the client half; the Vue components arrive with the web host.
export default { pluginId: 'view-gantt', viewTypes: [{ type: 'gantt' }] }
