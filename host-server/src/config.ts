import { resolve } from 'node:path'
import { z } from 'zod'

/** Settings from the environment, validated at start (API.md "Server settings"). */
export const ConfigSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'a postgres:// connection string').optional(),
  DOCPAL_DATA_DIR: z.string().min(1).default('./data'),
  DOCPAL_DB_POOL: z.coerce.number().int().min(1).max(200).default(10),
  LOG_LEVEL: z.enum(['silent', 'error', 'warn', 'info']).default('info'),
  DOCPAL_PLUGIN_CATALOG: z.string().min(1).optional(),
})

export interface ServerConfig {
  readonly port: number
  readonly host: string
  readonly databaseUrl: string | undefined
  readonly dataDir: string
  readonly poolSize: number
  readonly logLevel: 'silent' | 'error' | 'warn' | 'info'
  /** Plugin catalog: file path or http(s) URL; unset: the catalog shipped with DocPal. */
  readonly pluginCatalog?: string | undefined
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const r = ConfigSchema.safeParse({ ...env, DATABASE_URL: env['DATABASE_URL'] || undefined })
  if (!r.success) {
    const lines = r.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')
    throw new Error(`Invalid settings in the environment:\n${lines}`)
  }
  const c = r.data
  return { port: c.PORT, host: c.HOST, databaseUrl: c.DATABASE_URL, dataDir: resolve(c.DOCPAL_DATA_DIR), poolSize: c.DOCPAL_DB_POOL, logLevel: c.LOG_LEVEL, pluginCatalog: c.DOCPAL_PLUGIN_CATALOG }
}
