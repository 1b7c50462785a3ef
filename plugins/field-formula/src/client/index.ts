// Placeholder for the client half; the Vue components arrive with the web host.
export default { pluginId: 'field-formula', fieldTypes: [{ type: 'formula' }] }
