import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WORKSPACE_PLUGINS } from '@docpal/host-server'
import { checkPluginContract, formatProblems, startTestKernel, type FieldTypeSamples, type TestKernel } from '@docpal/plugin-testing'
import { createTestDatabase, type TestDatabase } from '../support/test-server.ts'
import { EXAMPLE_RATING } from '../support/plugin-packages.ts'

/**
 * The contract check that every plugin runs, run on every first-party plugin and the example, on
 * this run's database. Types whose config cannot default (it names a table or a formula) get
 * samples here, as their authors would give them.
 */
const FIRST_PARTY = readdirSync(WORKSPACE_PLUGINS)
  .filter((d) => !d.startsWith('.'))
  .sort()
// Lookups and aggregations read a relation of their own table, which the check's one-column
// tables cannot have: test/api/relations.test.ts covers them; here the rest of the contract runs.
const NEEDS_A_RELATION_ON_ITS_TABLE = new Set(['field-lookup', 'field-aggregation'])

let db: TestDatabase
let t: TestKernel
let samples: Record<string, FieldTypeSamples>
beforeAll(async () => {
  db = await createTestDatabase()
  t = await startTestKernel({ plugins: [EXAMPLE_RATING], database: db.db })
  const target = await t.createTable('Targets', [{ name: 'Name', type: 'text' }])
  const a = await t.insert(target.id, { Name: 'Alpha' })
  const options = {
    options: [
      { id: 'a', label: 'Alpha' },
      { id: 'b', label: 'Beta' },
    ],
  }
  samples = {
    single_select: { configs: [options], values: ['a', 'b'] },
    multiple_select: { configs: [options], values: [['a'], ['a', 'b']] },
    user: { values: [t.actor.userId], reads: (id) => ({ id, name: 'Plugin tests', avatar: null }) },
    formula: { configs: [{ formula: '1 + 2' }] },
    relation: {
      configs: [{ targetTableId: target.id, allowMultiple: true }],
      values: [[a.id]],
      operatorValues: { has_any: [a.id], has_all: [a.id], has_none: [a.id] },
      reads: (ids) => (ids as string[]).map((id) => ({ id, display: 'Alpha' })),
    },
  }
})
afterAll(async () => {
  await t?.close()
  await db?.drop()
})

describe('the plugin contract, on every first-party plugin', () => {
  it('finds them all', () => {
    expect(FIRST_PARTY.length).toBeGreaterThanOrEqual(23)
  })

  it.each(FIRST_PARTY)('%s', async (dir) => {
    const mine = Object.fromEntries(Object.entries(samples).filter(([type]) => dir.endsWith(type.replace('_', '-'))))
    const problems = await checkPluginContract(join(WORKSPACE_PLUGINS, dir), { kernel: t, samples: mine })
    if (NEEDS_A_RELATION_ON_ITS_TABLE.has(dir)) {
      expect(problems.map((p) => p.check)).toEqual(['config'])
      return
    }
    expect(problems, formatProblems(problems)).toEqual([])
  })

  it('examples/field-rating', async () => {
    const problems = await checkPluginContract(EXAMPLE_RATING, { kernel: t })
    expect(problems, formatProblems(problems)).toEqual([])
  })
})
