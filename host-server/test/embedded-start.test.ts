import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { COMPILED_ARGS } from '../../test/support/compiled-server.ts'
import { DB_KIND } from '../../test/support/test-server.ts'
import { ownerSession } from '../../test/support/sessions.ts'

const HOST_SERVER = fileURLToPath(new URL('..', import.meta.url))

function run(env: Record<string, string>): { child: ChildProcess; output: Promise<{ code: number | null; text: string }> } {
  // The compiled server on plain Node, as `pnpm start` runs it: a kill -9 reaches the server itself.
  const child = spawn(process.execPath, COMPILED_ARGS, {
    cwd: HOST_SERVER,
    env: { ...process.env, DATABASE_URL: '', LOG_LEVEL: 'error', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let text = ''
  child.stdout.on('data', (d) => (text += d))
  child.stderr.on('data', (d) => (text += d))
  const output = new Promise<{ code: number | null; text: string }>((resolve) => child.on('exit', (code) => resolve({ code, text })))
  ;(child as ChildProcess & { text: () => string }).text = () => text
  return { child, output }
}

async function waitFor(url: string, ms: number): Promise<boolean> {
  const end = Date.now() + ms
  while (Date.now() < end) {
    try {
      if ((await fetch(url)).ok) return true
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200))
  }
  return false
}

// The embedded path (no DATABASE_URL) as `pnpm start` runs it; only meaningful once, in the PGlite project.
describe.runIf(DB_KIND === 'pglite')('pnpm start on embedded PGlite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'docpal-data-'))
  const children: ChildProcess[] = []
  afterAll(() => {
    for (const c of children) c.kill('SIGTERM')
    rmSync(dir, { recursive: true, force: true })
  })

  it('serves on the data dir, refuses a second process on it, and keeps data across a restart', async () => {
    const first = run({ PORT: '18931', DOCPAL_DATA_DIR: dir })
    children.push(first.child)
    expect(await waitFor('http://127.0.0.1:18931/api/health', 60_000)).toBe(true)
    const owner = await ownerSession('http://127.0.0.1:18931')
    const created = await fetch('http://127.0.0.1:18931/api/apps', {
      method: 'POST',
      headers: { ...owner.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Persisted' }),
    })
    expect(created.status).toBe(201)

    const second = run({ PORT: '18932', DOCPAL_DATA_DIR: dir })
    const res = await second.output
    expect(res.code).toBe(1)
    expect(res.text).toContain('Another DocPal process is using the data directory')

    first.child.kill('SIGTERM')
    expect((await first.output).code).toBe(0)

    const again = run({ PORT: '18933', DOCPAL_DATA_DIR: dir })
    children.push(again.child)
    expect(await waitFor('http://127.0.0.1:18933/api/health', 60_000)).toBe(true)
    // The session is in the database: the browser stays signed in across the restart.
    const apps = (await (await fetch('http://127.0.0.1:18933/api/apps', { headers: owner.headers })).json()) as Array<{ name: string }>
    expect(apps.map((a) => a.name)).toContain('Persisted')
  }, 120_000)

  it('starts again at once after the previous process was killed with -9, with its acknowledged writes', async () => {
    const killedDir = mkdtempSync(join(tmpdir(), 'docpal-data-'))
    try {
      const first = run({ PORT: '18934', DOCPAL_DATA_DIR: killedDir })
      children.push(first.child)
      expect(await waitFor('http://127.0.0.1:18934/api/health', 60_000)).toBe(true)
      const owner = await ownerSession('http://127.0.0.1:18934')
      const created = await fetch('http://127.0.0.1:18934/api/apps', {
        method: 'POST',
        headers: { ...owner.headers, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Before the kill' }),
      })
      expect(created.status).toBe(201)
      first.child.kill('SIGKILL')
      await first.output

      const again = run({ PORT: '18935', DOCPAL_DATA_DIR: killedDir })
      children.push(again.child)
      // Before, the dead holder's lock refused every start for ~16 s; now the restart is served.
      const up = await Promise.race([waitFor('http://127.0.0.1:18935/api/health', 60_000), again.output.then((o) => o.text)])
      expect(up).toBe(true)
      const apps = (await (await fetch('http://127.0.0.1:18935/api/apps', { headers: owner.headers })).json()) as Array<{ name: string }>
      expect(apps.map((a) => a.name)).toContain('Before the kill')
      again.child.kill('SIGTERM')
      expect((await again.output).code).toBe(0)
    } finally {
      rmSync(killedDir, { recursive: true, force: true })
    }
  }, 120_000)

  it('`pnpm start` puts the data under ./data of the folder it is typed in, and stops the server when pnpm is told to stop', async () => {
    const root = fileURLToPath(new URL('../..', import.meta.url))
    const dataParent = mkdtempSync(join(tmpdir(), 'docpal-start-'))
    try {
      // Typed in another folder (pnpm tells the server as INIT_CWD); the server runs inside host-server/.
      const { DOCPAL_DATA_DIR: _unset, INIT_CWD: _unset2, ...env } = process.env
      const pnpm = spawn('pnpm', ['--dir', root, 'start'], { cwd: dataParent, env: { ...env, DATABASE_URL: '', PORT: '18936', LOG_LEVEL: 'error' }, stdio: 'ignore' })
      children.push(pnpm)
      expect(await waitFor('http://127.0.0.1:18936/api/health', 170_000)).toBe(true)
      expect(existsSync(join(dataParent, 'data', 'pglite'))).toBe(true)
      pnpm.kill('SIGTERM')
      await new Promise((r) => pnpm.on('exit', r))
      // Before, the server outlived pnpm (a shell and a second pnpm stood between them).
      await expect
        .poll(
          async () =>
            fetch('http://127.0.0.1:18936/api/health').then(
              () => 'up',
              () => 'down',
            ),
          { timeout: 15_000 },
        )
        .toBe('down')
    } finally {
      rmSync(dataParent, { recursive: true, force: true })
    }
  }, 200_000)

  it('refuses invalid settings with a message naming them', async () => {
    const bad = run({ PORT: 'not-a-port', DOCPAL_DATA_DIR: dir })
    const res = await bad.output
    expect(res.code).toBe(1)
    expect(res.text).toContain('PORT')
  })
})
