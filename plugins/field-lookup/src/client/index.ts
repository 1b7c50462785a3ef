// The client half (editor and display components) arrives with the web shell.
export default { pluginId: 'field-lookup', fieldTypes: [{ type: 'lookup' }] }
