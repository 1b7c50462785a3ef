import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startE2E, type E2E } from './support/browser.ts'

/**
 * The table settings page shows which columns are indexed and the indexes slow ad-hoc queries
 * and quick searches earned, each created with one click. The server counts every query as slow here
 * (`slowQueryMs: 0`), so three filtered reads earn a proposal whatever the machine's speed.
 */
describe('index proposals on the table settings page', () => {
  let e: E2E
  let appId: string
  let tableId: string

  beforeAll(async () => {
    e = await startE2E({ slowQueryMs: 0 })
    appId = (await e.server.api('POST', '/api/apps', { name: 'Sales' })).body.id
    const table = await e.server.api('POST', `/api/apps/${appId}/tables`, {
      name: 'Deals',
      columns: [
        { name: 'Title', type: 'text' },
        { name: 'Amount', type: 'number', config: { precision: 2 } },
        { name: 'Notes', type: 'long_text' },
      ],
    })
    tableId = table.body.id
    await e.server.api('POST', `/api/tables/${tableId}/records/bulk`, { records: [{ fields: { Title: 'a', Amount: 5 } }] })
    const filter = encodeURIComponent(JSON.stringify({ and: [{ field: 'Amount', op: 'gt', value: 1 }] }))
    for (let i = 0; i < 3; i++) expect((await e.server.api('GET', `/api/tables/${tableId}/records?filter=${filter}`)).status).toBe(200)
    // Quick searches read the long text row by row: a search index is proposed for it.
    for (let i = 0; i < 3; i++) expect((await e.server.api('GET', `/api/tables/${tableId}/records?search=fair`)).status).toBe(200)
  })
  afterAll(() => e?.close())

  it('lists the proposal with its reason and creates the index on a click', async () => {
    const { page } = e
    await page.goto(e.url(`/apps/${appId}/tables/${tableId}/settings`))
    const proposal = page.getByTestId('proposal-Amount')
    await proposal.waitFor()
    expect(await proposal.textContent()).toContain('Amount: filtered 3x, sorted 0x by queries with no index; 3 of them took')
    await expect.poll(() => page.getByTestId('indexed-columns').textContent()).toContain('None yet')
    await e.shot('index-advice-proposed')
    const search = page.getByTestId('proposal-search-Notes')
    expect(await search.textContent()).toContain('Notes: quick search read it row by row 3x (no search index); 3 of those searches took')
    await proposal.getByTestId('create-index').click()
    await expect.poll(() => page.getByTestId('indexed-columns').textContent()).toContain('Amount')
    await search.getByTestId('create-index').click()
    await page.getByTestId('no-proposals').waitFor()
    await expect.poll(() => page.getByTestId('indexed-columns').textContent()).toContain('Notes (search)')
    await e.shot('index-advice-created')
    const advice = await e.server.api('GET', `/api/tables/${tableId}/indexes`)
    expect(advice.body.indexed.map((i: { field: string; kind: string }) => `${i.field}:${i.kind}`)).toEqual(['Amount:sort', 'Notes:search'])
    expect(e.pageErrors).toEqual([])
  })
})
