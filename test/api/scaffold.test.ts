import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../support/test-server.ts'

/**
 * `create-docpal-plugin` end to end: scaffold a plugin inside the repo (so @docpal/* resolve from
 * its node_modules), run the plugin's own tests, pack it with `docpal-plugin pack`, install and
 * enable the tarball in a running server, and use its field type through the API.
 */
const REPO = fileURLToPath(new URL('../../', import.meta.url))
const CREATE = join(REPO, 'plugin-sdk/create-plugin/bin/create-docpal-plugin.js')
const PACK = join(REPO, 'plugin-sdk/bin/docpal-plugin.js')
const VITEST = join(REPO, 'node_modules/vitest/vitest.mjs')
const run = promisify(execFile)

// The nested vitest is a run of its own, not a worker of this one.
const env = { ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('VITEST') && k !== 'DOCPAL_TEST_DB' && k !== 'FORCE_COLOR')), NO_COLOR: '1' }

async function node(args: string[], cwd = REPO): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, args, { cwd, env, maxBuffer: 10 * 1024 * 1024 })
    return { code: 0, stdout, stderr }
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string }
    return { code: e.code ?? 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' }
  }
}

const dir = join(REPO, `.scaffold-test-${randomBytes(4).toString('hex')}`)
let dataDir: string
let t: TestServer
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'docpal-scaffold-'))
  t = await startTestServer({ dataDir })
})
afterAll(async () => {
  await t?.close()
  await rm(dir, { recursive: true, force: true })
  await rm(dataDir, { recursive: true, force: true })
})

describe('create-docpal-plugin', () => {
  it('writes a plugin package from the field template', async () => {
    const r = await node([CREATE, 'field-gauge', '--dir', dir])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toMatch(/Created field-gauge/)
    for (const f of ['package.json', 'src/server.ts', 'src/client.tsx', 'test/plugin.test.ts', 'README.md', 'tsconfig.json', 'vitest.config.ts', '.gitignore'])
      expect(existsSync(join(dir, f)), f).toBe(true)
    const pkg = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8'))
    expect(pkg).toMatchObject({
      name: 'field-gauge',
      exports: { './server': './src/server.ts', './client': './src/client.tsx' },
      scripts: { build: 'docpal-plugin pack', test: 'vitest run' },
      docpal: { id: 'field-gauge', name: 'Gauge', category: 'field' },
    })
    expect(await readFile(join(dir, 'src/server.ts'), 'utf8')).toMatch(/type: 'gauge'/)
  })

  it('refuses an invalid name and a folder that is not empty, saying why', async () => {
    const bad = await node([CREATE, 'my plugin!'])
    expect(bad.code).toBe(1)
    expect(bad.stderr).toMatch(/'my plugin!' is not a valid plugin name: use lowercase letters, digits and dashes/)
    const taken = await node([CREATE, 'field-gauge', '--dir', dir])
    expect(taken.code).toBe(1)
    expect(taken.stderr).toMatch(/already exists and is not empty/)
  })

  it('passes its own tests (the contract check included) on a real kernel', async () => {
    const r = await node([VITEST, 'run', '--reporter=verbose'], dir)
    expect(r.code, r.stdout + r.stderr).toBe(0)
    expect(r.stdout).toMatch(/✓ .*keeps the plugin contract/)
    expect(r.stdout).toMatch(/Tests\s+3 passed \(3\)/)
  }, 120_000)

  it('packs with docpal-plugin, installs and enables in a running server, and its field type works', async () => {
    const packed = await node([PACK, 'pack', dir, '--out', join(dataDir, 'built')])
    expect(packed.code, packed.stderr).toBe(0)
    const file = /file\s+(\S+)/.exec(packed.stdout)![1]!
    const sha256 = /sha256\s+([0-9a-f]{64})/.exec(packed.stdout)![1]!
    expect(file).toBe(join(dataDir, 'built', 'field-gauge-0.1.0.tgz'))

    const installed = await t.api('POST', `/api/plugins/install?sha256=${sha256}`, await readFile(file), { 'content-type': 'application/gzip' })
    expect(installed.status, installed.text).toBe(201)
    expect(installed.body).toMatchObject({ id: 'field-gauge', state: 'disabled', sha256 })
    const enabled = await t.api('POST', '/api/plugins/field-gauge/enable')
    expect(enabled.status, enabled.text).toBe(200)
    expect(enabled.body.contributes.fieldTypes).toEqual(['gauge'])

    const app = (await t.api('POST', '/api/apps', { name: 'Scaffolded' })).body
    const table = await t.api('POST', `/api/apps/${app.id}/tables`, {
      name: 'Tanks',
      columns: [
        { name: 'Name', type: 'text' },
        { name: 'Level', type: 'gauge', config: { max: 50 } },
      ],
    })
    expect(table.status, table.text).toBe(201)
    const rec = await t.api('POST', `/api/tables/${table.body.id}/records`, { fields: { Name: 'North', Level: 42 } })
    expect(rec.status, rec.text).toBe(201)
    expect(rec.body.fields).toMatchObject({ Name: 'North', Level: 42 })
    const over = await t.api('POST', `/api/tables/${table.body.id}/records`, { fields: { Level: 51 } })
    expect(over.status).toBe(400)
    expect(over.body.error.path).toEqual(['fields', 'Level'])
    const client = await fetch(`${t.url}/plugins/field-gauge/client.js`)
    expect(client.status).toBe(200)
  })
})
