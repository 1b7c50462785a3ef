import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { packSdk } from '../../plugin-sdk/scripts/pack-sdk.mjs'
import { startLocalRegistry, type LocalRegistry } from '../support/local-registry.ts'
import { DB_KIND, startTestServer, type TestServer } from '../support/test-server.ts'

const exec = promisify(execFile)
const UPSTREAM = process.env['DOCPAL_TEST_NPM_REGISTRY'] ?? 'https://registry.npmjs.org/'

/**
 * A plugin author's whole path with no DocPal checkout: the SDK packages packed to tarballs and
 * served by a local registry, then, in an empty folder outside the repository, `pnpm create
 * docpal-plugin`, `pnpm install`, `pnpm test`, `pnpm typecheck`, `pnpm build`, and the built
 * tarball installed into a running server with the SDK's `docpal` CLI. Once, in the PGlite project
 * (it installs packages; the plugin's own tests boot an embedded kernel anyway).
 */
describe.runIf(DB_KIND === 'pglite')('a plugin made outside the repository from the packed SDK', () => {
  let work: string
  let registry: LocalRegistry
  let server: TestServer
  const plugin = () => join(work, 'field-progress')
  const pnpm = async (cwd: string, ...args: string[]) => {
    // The author's own environment: nothing of this checkout's pnpm or Vitest run leaks in.
    const { NODE_OPTIONS: _n, VITEST: _v, VITEST_POOL_ID: _p, VITEST_WORKER_ID: _w, NODE_ENV: _e, INIT_CWD: _i, ...env } = process.env
    try {
      const r = await exec('pnpm', [`--registry=${registry.url}/`, ...args], { cwd, env, maxBuffer: 32 * 1024 * 1024, timeout: 300_000 })
      return { code: 0, out: r.stdout + r.stderr }
    } catch (err) {
      const e = err as { code: number; stdout: string; stderr: string }
      return { code: e.code, out: e.stdout + e.stderr }
    }
  }

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'docpal-outside-'))
    const tarballs = packSdk(join(work, 'packages'))
    expect(tarballs.map((f) => f.split('/').pop()).sort()).toEqual([
      'create-docpal-plugin-1.0.0.tgz',
      'docpal-kernel-1.0.0.tgz',
      'docpal-plugin-sdk-1.0.0.tgz',
      'docpal-plugin-testing-1.0.0.tgz',
    ])
    registry = await startLocalRegistry(tarballs, UPSTREAM)
    server = await startTestServer()
  }, 120_000)

  afterAll(async () => {
    await server?.close()
    await registry?.close()
    await rm(work, { recursive: true, force: true })
  })

  it('`pnpm create docpal-plugin` scaffolds into an empty folder, from the registry', async () => {
    const r = await pnpm(work, 'create', 'docpal-plugin', 'field-progress')
    expect(r.code, r.out).toBe(0)
    expect(registry.served).toContain('create-docpal-plugin')
    const pkg = JSON.parse(await readFile(join(plugin(), 'package.json'), 'utf8')) as { version: string; docpal: Record<string, unknown> }
    // The version lives in package.json's "version" only.
    expect(pkg.version).toBe('0.1.0')
    expect(pkg.docpal['version']).toBeUndefined()
    expect(await readFile(join(plugin(), 'src/server.ts'), 'utf8')).not.toMatch(/version: '/)
  }, 300_000)

  it('`pnpm install` takes the DocPal packages from the registry, compiled', async () => {
    const r = await pnpm(plugin(), 'install')
    expect(r.code, r.out).toBe(0)
    expect(registry.served).toEqual(expect.arrayContaining(['@docpal/plugin-sdk', '@docpal/kernel', '@docpal/plugin-testing']))
    expect(existsSync(join(plugin(), 'node_modules/@docpal/kernel/dist/index.js'))).toBe(true)
  }, 300_000)

  it('`pnpm test` runs the plugin on a real kernel, and `pnpm typecheck` passes', async () => {
    const test = await pnpm(plugin(), 'test')
    expect(test.code, test.out).toBe(0)
    expect(test.out).toMatch(/3 passed/)
    const types = await pnpm(plugin(), 'typecheck')
    expect(types.code, types.out).toBe(0)
  }, 300_000)

  it('a failing plugin test fails `pnpm test` (the tests run for real)', async () => {
    const file = join(plugin(), 'test/plugin.test.ts')
    const original = await readFile(file, 'utf8')
    await writeFile(file, original.replace('values: [0, 7]', 'values: [0, 7, 1_000_001]'))
    try {
      const test = await pnpm(plugin(), 'test')
      expect(test.code).not.toBe(0)
    } finally {
      await writeFile(file, original)
    }
  }, 300_000)

  it('`pnpm build` packs it, and the `docpal` CLI installs that into a running server from the plugin folder', async () => {
    const build = await pnpm(plugin(), 'build')
    expect(build.code, build.out).toBe(0)
    expect(existsSync(join(plugin(), 'dist/field-progress-0.1.0.tgz'))).toBe(true)
    const token = (await server.api<{ token: string }>('POST', '/api/auth/tokens', { name: 'plugin author' })).body.token
    const install = await pnpm(plugin(), 'exec', 'docpal', 'plugins', 'install', 'dist/field-progress-0.1.0.tgz', '--server', server.url, '--token', token)
    expect(install.code, install.out).toBe(0)
    expect(install.out).toContain('installed field-progress 0.1.0')
    const enable = await pnpm(plugin(), 'exec', 'docpal', 'plugins', 'enable', 'field-progress', '--server', server.url, '--token', token)
    expect(enable.out).toContain('field-progress is enabled')
    const types = await server.api<Array<{ type: string }>>('GET', '/api/field-types')
    expect(types.status).toBe(200)
    expect(types.body.map((t) => t.type)).toContain('progress')
  }, 300_000)
})
