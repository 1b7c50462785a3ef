import { readdir, readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkPluginContract, formatProblems, startTestKernel, type ContractProblem, type TestKernel } from '@docpal/plugin-testing'
import { createTestDatabase, type TestDatabase } from '../support/test-server.ts'
import { EXAMPLE_RATING } from '../support/plugin-packages.ts'

/**
 * `@docpal/plugin-testing`: the contract check passes a sound plugin and names each broken
 * promise of the fixtures in test/fixtures/contract/, against a real kernel on this run's database.
 */
const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/contract/${name}/`, import.meta.url))
const FIXTURES = ['bad-column', 'bad-operator', 'undeclared-routes', 'clashing', 'lossy-values', 'bad-manifest', 'other-id'].map(fixture)

let db: TestDatabase
let t: TestKernel
beforeAll(async () => {
  db = await createTestDatabase()
  t = await startTestKernel({ plugins: [EXAMPLE_RATING, ...FIXTURES], database: db.db, allowFailures: true })
})
afterAll(async () => {
  await t?.close()
  await db?.drop()
})

const check = (name: string, opts = {}) => checkPluginContract(fixture(name), { kernel: t, ...opts })
const only = (problems: ContractProblem[], c: ContractProblem['check']) => problems.filter((p) => p.check === c)

describe('checkPluginContract', () => {
  it('passes the example plugin', async () => {
    const problems = await checkPluginContract(EXAMPLE_RATING, { kernel: t })
    expect(problems, formatProblems(problems)).toEqual([])
  })

  it('asks for samples where the defaults do not fit, and passes first-party plugins given them', async () => {
    const PLUGINS = fileURLToPath(new URL('../../plugins/', import.meta.url))
    const bare = await checkPluginContract(`${PLUGINS}field-single-select`, { kernel: t })
    expect(bare[0]).toEqual({
      check: 'input',
      contribution: "field type 'single_select'",
      message: expect.stringMatching(/accepts none of the usual text values .*: pass samples\['single_select'\]\.values/),
    })
    const options = {
      options: [
        { id: 'a', label: 'Alpha' },
        { id: 'b', label: 'Beta' },
      ],
    }
    const single = await checkPluginContract(`${PLUGINS}field-single-select`, { kernel: t, samples: { single_select: { configs: [options], values: ['a', 'b'] } } })
    expect(single, formatProblems(single)).toEqual([])
    const multiple = await checkPluginContract(`${PLUGINS}field-multiple-select`, { kernel: t, samples: { multiple_select: { configs: [options], values: [['a'], ['a', 'b']] } } })
    expect(multiple, formatProblems(multiple)).toEqual([])
    // A user field reads back as the user, not the id written.
    const user = await checkPluginContract(`${PLUGINS}field-user`, {
      kernel: t,
      samples: { user: { values: [t.actor.userId], reads: (id) => ({ id, name: 'Plugin tests', avatar: null }) } },
    })
    expect(user, formatProblems(user)).toEqual([])
  })

  it('refuses samples for a field type the plugin does not have (a typo would check nothing)', async () => {
    await expect(checkPluginContract(EXAMPLE_RATING, { kernel: t, samples: { ratings: { values: [1] } } })).rejects.toThrow(
      "samples name 'ratings', but plugin 'field-rating' contributes the field types: rating",
    )
  })

  it('startTestKernel says which plugin under test did not load, and why', async () => {
    const own = await createTestDatabase()
    try {
      await expect(startTestKernel({ plugins: [fixture('undeclared-routes')], builtins: false, database: own.db })).rejects.toThrow(
        /Plugins under test did not load:\n- undeclared-routes \(.*\): Plugin 'undeclared-routes' uses HTTP routes/,
      )
    } finally {
      await own.drop()
    }
  })

  it('never makes the SDK import the kernel (the testing kit is a package of its own)', async () => {
    const SDK = fileURLToPath(new URL('../../plugin-sdk/', import.meta.url))
    const files = (await readdir(SDK + 'src', { recursive: true })).filter((f) => f.endsWith('.ts'))
    const importing: string[] = []
    for (const f of files) if (/['"]@docpal\/kernel['"/]/.test(await readFile(`${SDK}src/${f}`, 'utf8'))) importing.push(f)
    expect(importing).toEqual([])
    const pkg = JSON.parse(await readFile(SDK + 'package.json', 'utf8')) as Record<string, Record<string, string> | undefined>
    for (const field of ['dependencies', 'peerDependencies', 'devDependencies']) expect(pkg[field]?.['@docpal/kernel'], field).toBeUndefined()
  })

  it('fails a column type outside the whitelist, naming the field type', async () => {
    const problems = await check('bad-column')
    expect(problems).toEqual([
      {
        check: 'column',
        contribution: "field type 'bad_column'",
        message: expect.stringMatching(/column\(\) returned "varchar\(10\); drop table x".*must be one of text, numeric/),
      },
    ])
  })

  it('fails an operator whose SQL PostgreSQL refuses, and passes the ones that run', async () => {
    const problems = await check('bad-operator')
    expect(problems).toEqual([
      {
        check: 'operator',
        contribution: "operator 'near' of field type 'counter'",
        message: expect.stringMatching(/filtering with \{"field":"Value","op":"near","value":3\} failed: .*operator/),
      },
    ])
  })

  it('fails routes and migrations without declared capabilities, and the kernel refusing to load it', async () => {
    const problems = await check('undeclared-routes')
    expect(only(problems, 'capabilities').map((p) => p.message)).toEqual([
      expect.stringMatching(/HTTP routes.*lacks "routes"/),
      expect.stringMatching(/migrations.*lacks "database"/),
    ])
    expect(only(problems, 'load')).toEqual([{ check: 'load', contribution: 'plugin', message: expect.stringMatching(/did not load it: .*without declaring it/) }])
  })

  it('fails a key listed twice and a key another plugin owns', async () => {
    const problems = await check('clashing')
    expect(only(problems, 'ids')).toEqual([
      { check: 'ids', contribution: "field type 'score'", message: 'the plugin contributes it twice: keep one' },
      { check: 'ids', contribution: "field type 'number'", message: expect.stringMatching(/plugin 'field-number' already contributes it/) },
    ])
  })

  it('fails a config without defaults and values that do not read back as written', async () => {
    const problems = await check('lossy-values')
    expect(problems).toEqual([
      {
        check: 'config',
        contribution: "field type 'needs_config'",
        message: expect.stringMatching(/refuses \{\} \(unit: .*\): give every key a default, or pass samples\['needs_config'\]\.configs/),
      },
      { check: 'round-trip', contribution: "field type 'shouting'", message: expect.stringMatching(/wrote "Sample" and read back "SAMPLE", expected "Sample"/) },
      { check: 'round-trip', contribution: "field type 'shouting'", message: expect.stringMatching(/wrote "someone@example.com" and read back "SOMEONE@EXAMPLE.COM"/) },
      { check: 'round-trip', contribution: "field type 'shouting'", message: expect.stringMatching(/updated to "someone@example.com" and read back "SOMEONE@EXAMPLE.COM"/) },
    ])
  })

  it('passes once the author gives a config and says how values read back', async () => {
    const problems = await check('lossy-values', { samples: { needs_config: { configs: [{ unit: 'kg' }] }, shouting: { reads: (v: unknown) => String(v).toUpperCase() } } })
    expect(problems, formatProblems(problems)).toEqual([])
  })

  it('fails sample values the input schema refuses', async () => {
    const problems = await checkPluginContract(EXAMPLE_RATING, { kernel: t, samples: { rating: { configs: [{ max: 3 }], values: [2, 4] } } })
    expect(problems).toEqual([{ check: 'input', contribution: "field type 'rating'", message: expect.stringMatching(/refuses the sample value 4/) }])
  })

  it('fails a manifest the schema refuses without loading anything', async () => {
    const problems = await check('bad-manifest')
    expect(problems.map((p) => [p.check, p.message])).toEqual([
      ['manifest', expect.stringMatching(/^docpal\.name: /)],
      ['manifest', expect.stringMatching(/^docpal\.version: .*semver/)],
      ['manifest', expect.stringMatching(/^docpal\.capabilities\.0: /)],
    ])
  })

  it('fails a server half whose plugin id differs from the manifest', async () => {
    const problems = await check('other-id')
    expect(problems).toEqual([
      {
        check: 'manifest',
        contribution: 'server half',
        message: "its plugin id 'some-other-id' differs from the manifest's 'other-id' (package.json \"docpal\".id): make them the same",
      },
      { check: 'load', contribution: 'plugin', message: expect.stringMatching(/did not load it: .*for id 'other-id'/) },
    ])
  })
})
