import { execFile } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { packPlugin, type PackedPlugin } from '@docpal/plugin-sdk/build'
import { startTestServer, type TestServer } from '../support/test-server.ts'
import { EXAMPLE_RATING } from '../support/plugin-packages.ts'

/** `docpal plugins ...` (the SDK's bin) against a running server, as an admin would type it, from another folder. */
const CLI = fileURLToPath(new URL('../../plugin-sdk/bin/docpal.js', import.meta.url))
const run = promisify(execFile)

let t: TestServer
let dataDir: string
let rating: PackedPlugin
let token = ''

async function docpal(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  try {
    const r = await run(process.execPath, [CLI, 'plugins', ...args, '--server', t.url], { cwd: tmpdir(), env: { ...process.env, DOCPAL_TOKEN: token } })
    return { code: 0, out: r.stdout, err: r.stderr }
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string }
    return { code: x.code, out: x.stdout, err: x.stderr }
  }
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'docpal-cli-'))
  t = await startTestServer({ dataDir })
  token = (await t.api('POST', '/api/auth/tokens', { name: 'cli' })).body.token
  rating = await packPlugin(EXAMPLE_RATING, { outDir: join(dataDir, 'built') })
})
afterAll(async () => {
  await t?.close()
  await rm(dataDir, { recursive: true, force: true })
})

describe('docpal plugins (CLI)', () => {
  it('needs an instance admin token, and says how to pass one', async () => {
    const saved = token
    token = ''
    try {
      const r = await docpal('list')
      expect(r.code).toBe(1)
      expect(r.err).toMatch(/HST_ERR_AUTH_REQUIRED[\s\S]*--token or DOCPAL_TOKEN/)
    } finally {
      token = saved
    }
  })

  it('installs a tarball, enables, lists, disables and uninstalls it', async () => {
    const install = await docpal('install', rating.file, '--sha256', rating.sha256)
    expect(install.err).toBe('')
    expect(install.out).toMatch(/installed field-rating 1\.0\.0 \(disabled\)/)
    expect((await docpal('enable', 'field-rating')).out).toMatch(/field-rating is enabled/)
    const list = await docpal('list')
    expect(list.out).toMatch(/field-rating\s+1\.0\.0\s+enabled\s+installed/)
    expect(list.out).toMatch(/field-text\s+1\.0\.0\s+enabled\s+builtin/)
    expect((await docpal('disable', 'field-rating')).out).toMatch(/is disabled/)
    expect((await docpal('uninstall', 'field-rating')).out).toMatch(/uninstalled field-rating/)
  })

  it('installs from the catalog and shows refusals as the server words them, exiting 1', async () => {
    expect((await docpal('catalog', 'rating')).out).toMatch(/field-rating\s+1\.0\.0\s+field\s+available/)
    expect((await docpal('install', 'field-rating')).code).toBe(0)
    const again = await docpal('install', rating.file)
    expect(again.code).toBe(1)
    expect(again.err).toMatch(/KRN_ERR_PLUGIN_EXISTS: Plugin 'field-rating' is already installed/)
    const builtin = await docpal('uninstall', 'field-text')
    expect(builtin.err).toMatch(/KRN_ERR_PLUGIN_BUILTIN/)
  })
})
