import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkPluginContract, startTestKernel, type TestKernel, type TestTable } from '@docpal/plugin-testing'

const PLUGIN = fileURLToPath(new URL('..', import.meta.url))

let t: TestKernel
let films: TestTable
beforeAll(async () => {
  t = await startTestKernel({ plugins: [PLUGIN] })
  films = await t.createTable('Films', [
    { name: 'Title', type: 'text' },
    { name: 'Stars', type: 'rating', config: { max: 5 } },
    { name: 'Score', type: 'number' },
  ])
})
afterAll(() => t?.close())

describe('field-rating', () => {
  it('keeps the plugin contract', async () => {
    expect(await checkPluginContract(PLUGIN, { kernel: t, samples: { rating: { configs: [{}, { max: 10 }], values: [1, 5] } } })).toEqual([])
  })

  it('stores, filters and sorts ratings', async () => {
    for (const [Title, Stars] of [
      ['Alien', 5],
      ['Cats', 1],
      ['Heat', 4],
    ] as const)
      await t.insert(films, { Title, Stars })
    const best = await t.records(films, { filter: { field: 'Stars', op: 'gte', value: 4 }, sort: [{ field: 'Stars', direction: 'desc' }] })
    expect(best.map((r) => [r.fields['Title'], r.fields['Stars']])).toEqual([
      ['Alien', 5],
      ['Heat', 4],
    ])
  })

  it('refuses a rating above the maximum at the field', async () => {
    await expect(t.insert(films, { Stars: 6 })).rejects.toMatchObject({ code: 'KRN_ERR_RECORD_INVALID', status: 400, path: ['fields', 'Stars'] })
  })

  it('converts whole numbers in range and counts the rest in the dry run', async () => {
    for (const Score of [4, 7]) await t.insert(films, { Title: 'Scored', Score })
    const score = films.columns.find((c) => c.name === 'Score')!
    const dry = await t.kernel.tablesService.patchColumn(t.actor, films.id, score.id, { type: 'rating', config: { max: 5 } }, { dryRun: true })
    expect(dry.conversions).toEqual([{ columnId: score.id, name: 'Score', from: 'number', to: 'rating', values: 2, wouldEmpty: 1 }])
  })
})
