import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { packPlugin } from '@docpal/plugin-sdk/build'
import { COMPILED_ARGS } from '../../test/support/compiled-server.ts'
import { EXAMPLE_RATING } from '../../test/support/plugin-packages.ts'
import { createTestDatabase, DB_KIND, type TestDatabase } from '../../test/support/test-server.ts'
import { ownerSession } from '../../test/support/sessions.ts'

// The server as `pnpm start` runs it: compiled JavaScript on plain Node (no TypeScript loader), the
// built-in plugins' compiled halves, and an installed plugin whose server half imports the SDK.
describe(`the compiled server on ${DB_KIND}`, () => {
  let child: ChildProcess
  let url = ''
  let stderr = ''
  let dataDir = ''
  let db: TestDatabase | undefined
  let owner: Record<string, string> = {}
  const api = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const json = body !== undefined && !(body instanceof Buffer)
    const res = await fetch(url + path, {
      method,
      headers: json ? { ...owner, 'content-type': 'application/json', ...headers } : { ...owner, ...headers },
      body: body === undefined ? null : json ? JSON.stringify(body) : new Uint8Array(body as Buffer),
    })
    const text = await res.text()
    return { status: res.status, body: text.startsWith('{') || text.startsWith('[') ? (JSON.parse(text) as unknown) : text }
  }

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'docpal-compiled-'))
    if (DB_KIND === 'postgres') {
      db = await createTestDatabase()
      await db.db.close()
    }
    // No tsx anywhere: NODE_OPTIONS from the test runner could carry a loader.
    const { NODE_OPTIONS: _loader, ...inherited } = process.env
    const env = { ...inherited, PORT: '0', HOST: '127.0.0.1', DATABASE_URL: db?.url ?? '', DOCPAL_DATA_DIR: dataDir, LOG_LEVEL: 'error' }
    child = spawn(process.execPath, COMPILED_ARGS, { env, stdio: ['ignore', 'ignore', 'pipe'] })
    child.stderr!.setEncoding('utf8')
    url = await new Promise<string>((resolve, reject) => {
      child.stderr!.on('data', (chunk: string) => {
        stderr += chunk
        const m = /DocPal listening on (http:\/\/\S+)/.exec(stderr)
        if (m) resolve(m[1]!)
      })
      child.once('exit', (code) => reject(new Error(`the compiled server exited (${code}) before listening: ${stderr}`)))
    })
    owner = { ...(await ownerSession(url)).headers }
  })

  afterAll(async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM')
      await new Promise((r) => child.once('exit', r))
    }
    await db?.drop()
    await rm(dataDir, { recursive: true, force: true })
  })

  it('runs JavaScript only: the process has no TypeScript loader and its modules come from dist/', async () => {
    const cmdline = (await readFile(`/proc/${child.pid}/cmdline`, 'utf8')).split('\0')
    expect(cmdline).toContain('--conditions=compiled')
    expect(cmdline.some((a) => a.endsWith('host-server/dist/main.bundle.js'))).toBe(true)
    expect(cmdline.join(' ')).not.toContain('tsx')
  })

  it('loads every built-in plugin from its compiled half and serves the web app', async () => {
    const plugins = (await api('GET', '/api/plugins')).body as Array<{ id: string; state: string; reason: string | null }>
    expect(plugins.length).toBeGreaterThanOrEqual(23)
    expect(plugins.filter((p) => p.state !== 'enabled')).toEqual([])
    const page = await fetch(url + '/')
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('<div id="app"')
  })

  it('does the everyday work through the plugins: a table with a formula, records, a filtered page', async () => {
    const app = (await api('POST', '/api/apps', { name: 'Compiled' })).body as { id: string }
    const table = await api('POST', `/api/apps/${app.id}/tables`, {
      name: 'Items',
      columns: [
        { name: 'Name', type: 'text' },
        { name: 'Price', type: 'number', config: { precision: 2 } },
      ],
    })
    expect(table.status).toBe(201)
    const tableId = (table.body as { id: string }).id
    const formula = await api('POST', `/api/tables/${tableId}/columns`, { name: 'Label', type: 'formula', config: { formula: "UPPER({Name}) & ' ' & {Price}" } })
    expect(formula.status).toBe(201)
    expect((await api('POST', `/api/tables/${tableId}/records`, { fields: { Name: 'pen', Price: 2.5 } })).status).toBe(201)
    const filter = encodeURIComponent(JSON.stringify({ field: 'Name', op: 'eq', value: 'pen' }))
    const page = (await api('GET', `/api/tables/${tableId}/records?filter=${filter}`)).body as { records: Array<{ fields: Record<string, unknown> }> }
    expect(page.records.map((r) => r.fields['Label'])).toEqual([expect.stringMatching(/^PEN 2\.50?$/)])
  })

  it('installs and runs a packed plugin whose server half imports the SDK', async () => {
    const packed = await packPlugin(EXAMPLE_RATING, { outDir: join(dataDir, 'packed') })
    const up = await api('POST', '/api/plugins/install', await readFile(packed.file), { 'content-type': 'application/gzip' })
    expect(up.status).toBe(201)
    const enabled = await api('POST', '/api/plugins/field-rating/enable')
    expect(enabled).toMatchObject({ status: 200, body: { state: 'enabled' } })
    const app = (await api('POST', '/api/apps', { name: 'Rated' })).body as { id: string }
    const table = await api('POST', `/api/apps/${app.id}/tables`, { name: 'Films', columns: [{ name: 'Stars', type: 'rating' }] })
    expect(table.status).toBe(201)
    const tableId = (table.body as { id: string }).id
    expect((await api('POST', `/api/tables/${tableId}/records`, { fields: { Stars: 4 } })).status).toBe(201)
    // The plugin's own validation runs: more stars than its maximum is refused by the plugin.
    const refused = await api('POST', `/api/tables/${tableId}/records`, { fields: { Stars: 99 } })
    expect(refused.status).toBe(400)
  })
})
