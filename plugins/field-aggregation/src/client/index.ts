// The client half (editor and display components) arrives with the web shell.
export default { pluginId: 'field-aggregation', fieldTypes: [{ type: 'aggregation' }] }
