export interface Logger {
  info(msg: string, data?: Record<string, unknown>): void
  warn(msg: string, data?: Record<string, unknown>): void
  error(msg: string, data?: Record<string, unknown>): void
  child(bindings: Record<string, unknown>): Logger
}

/** Structured one-line JSON logs on stderr; quiet below the configured level. */
export function createLogger(level: 'silent' | 'error' | 'warn' | 'info' = 'info', bindings: Record<string, unknown> = {}): Logger {
  const rank = { silent: 0, error: 1, warn: 2, info: 3 }[level]
  const write = (lvl: string, r: number) => (msg: string, data?: Record<string, unknown>) => {
    if (r <= rank) process.stderr.write(JSON.stringify({ level: lvl, time: new Date().toISOString(), ...bindings, msg, ...data }) + '\n')
  }
  return {
    info: write('info', 3),
    warn: write('warn', 2),
    error: write('error', 1),
    child: (b) => createLogger(level, { ...bindings, ...b }),
  }
}
