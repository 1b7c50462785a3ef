export { startServer, WORKSPACE_PLUGINS, type RunningServer } from './start.ts'
export { buildServer } from './server.ts'
export { loadConfig, httpSettings, type HttpSettings, type ServerConfig } from './config.ts'
export { hostCodes } from './errors/codes.ts'
