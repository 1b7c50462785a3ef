import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startServer, type ServerConfig } from '@docpal/host-server'
import type { TestServer } from './test-server.ts'

/**
 * A second server process on the test server's PostgreSQL database (its own pool, caches and data
 * dir), as a load balancer's second backend would be: for the cross-process tests (issue 19).
 */
export async function startSecondServer(t: TestServer, extra: Partial<ServerConfig> = {}): Promise<{ url: string; dataDir: string; close: () => Promise<void> }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'docpal-second-'))
  const second = await startServer({ port: 0, host: '127.0.0.1', databaseUrl: t.db.url, dataDir, poolSize: 2, logLevel: 'silent', ...extra })
  return {
    url: second.url,
    dataDir,
    async close() {
      await second.close()
      await rm(dataDir, { recursive: true, force: true })
    },
  }
}

/** Another process hears a change asynchronously: asks again (up to `ms`, 5 s by default) until `done`, and answers the last answer. */
export async function eventually<T>(ask: () => Promise<T>, done: (v: T) => boolean, ms = 5000): Promise<T> {
  let v = await ask()
  for (let i = 0; i < ms / 100 && !done(v); i++) {
    await new Promise((r) => setTimeout(r, 100))
    v = await ask()
  }
  return v
}

/** Requests to another process (`base()`: its URL, read at each call), as the test server's owner: `{status, body}`. */
export function ownerAt(t: TestServer, base: () => string) {
  return async (method: string, path: string, body?: unknown): Promise<{ status: number; body: ReturnType<typeof JSON.parse> }> => {
    const r = await fetch(`${base()}${path}`, {
      method,
      headers: { ...t.owner.headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
    const text = await r.text()
    return { status: r.status, body: text ? JSON.parse(text) : undefined }
  }
}
