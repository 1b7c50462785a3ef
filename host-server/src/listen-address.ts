/**
 * PORT and HOST read as config.ts reads them (same defaults, same coercion), without loading zod:
 * main.ts listens before the rest of the configuration is loaded and checked (issue 13).
 * Undefined when they are not valid: config.ts then says what is wrong.
 */
export function listenAddress(env: NodeJS.ProcessEnv): { port: number; host: string } | undefined {
  const port = env['PORT'] === undefined ? DEFAULT_PORT : Number(env['PORT'])
  const host = env['HOST'] ?? DEFAULT_HOST
  if (!Number.isInteger(port) || port < 0 || port > 65535 || host === '') return undefined
  return { port, host }
}

export const DEFAULT_PORT = 8080
export const DEFAULT_HOST = '127.0.0.1'
