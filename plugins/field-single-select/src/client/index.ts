// Placeholder for the client half; the Vue components arrive with the web host.
export default { pluginId: 'field-single-select', fieldTypes: [{ type: 'single_select' }] }
