// Formula functions have no client half; the formula editor lists them from the server.
export default { pluginId: 'formula-date' }
