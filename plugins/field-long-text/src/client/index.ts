// Placeholder for the client half; the Vue components arrive with the web host.
export default { pluginId: 'field-long-text', fieldTypes: [{ type: 'long_text' }] }
