import { afterEach, describe, expect, it, vi } from 'vitest'
import { ApiError } from '@docpal/plugin-sdk/client'
import type { TableMeta } from '@docpal/plugin-sdk/client'
import { draftOf } from './draft.ts'
import { placeError } from './errors.ts'
import { SaveError, saveDraft, type SaveDialogs } from './save.ts'

const table: TableMeta = { id: 't1', appId: 'a1', name: 'T', columns: [{ id: 'c1', name: 'Code', type: 'text', config: {}, required: false, order: 0 }] }
const conversion = { columnId: 'c1', name: 'Code', from: 'text', to: 'number', values: 3, wouldEmpty: 1 }

/** Answers fetch calls in order, recording method, URL and body. */
function serve(answers: Array<[number, unknown]>) {
  const calls: Array<{ method: string; url: string; body: unknown }> = []
  vi.stubGlobal(
    'fetch',
    vi.fn((url: string, init: RequestInit) => {
      calls.push({ method: init.method!, url, body: init.body ? JSON.parse(init.body as string) : undefined })
      const [status, body] = answers.shift()!
      return Promise.resolve(new Response(JSON.stringify(body), { status }))
    }),
  )
  return calls
}
const dialogs = (answers: Partial<Record<keyof SaveDialogs, boolean>>) => ({
  confirmConversions: vi.fn(() => Promise.resolve(answers.confirmConversions ?? false)),
  confirmDependents: vi.fn(() => Promise.resolve(answers.confirmDependents ?? false)),
})
afterEach(() => vi.unstubAllGlobals())

describe('saveDraft', () => {
  it('dry-runs a retype, confirms the lossy conversion, then applies it with force', async () => {
    const d = draftOf(table)
    d.columns[0]!.type = 'number'
    const calls = serve([
      [200, { dryRun: true, plan: { steps: [], conversions: [conversion] } }],
      [200, { ...table, columns: [{ ...table.columns[0], type: 'number' }] }],
    ])
    const ask = dialogs({ confirmConversions: true })
    const r = await saveDraft('a1', d, table, ask)
    expect(r.done).toBe(true)
    expect(ask.confirmConversions).toHaveBeenCalledWith([conversion], true)
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual(['PUT /api/tables/t1?dryRun=true', 'PUT /api/tables/t1?force=true'])
    expect(calls[1]!.body).toEqual({ name: 'T', description: null, columns: [{ id: 'c1', name: 'Code', type: 'number', config: {}, required: false }] })
  })

  it('changes nothing when the conversion is declined', async () => {
    const d = draftOf(table)
    d.columns[0]!.type = 'number'
    const calls = serve([[200, { dryRun: true, plan: { steps: [], conversions: [conversion] } }]])
    const r = await saveDraft('a1', d, table, dialogs({ confirmConversions: false }))
    expect(r.done).toBe(false)
    expect(calls).toHaveLength(1)
  })

  it('applies a settings change that keeps every value without asking (an option added to a select)', async () => {
    const select: TableMeta = { ...table, columns: [{ id: 'c1', name: 'Code', type: 'single_select', config: { options: [{ id: 'a', label: 'A' }] }, required: false, order: 0 }] }
    const d = draftOf(select)
    d.columns[0]!.config = {
      options: [
        { id: 'a', label: 'A' },
        { id: 'b', label: 'B' },
      ],
    }
    const keeps = { columnId: 'c1', name: 'Code', from: 'single_select', to: 'single_select', values: 3, wouldEmpty: 0 }
    const calls = serve([
      [200, { dryRun: true, plan: { steps: [], conversions: [keeps] } }],
      [200, select],
    ])
    const ask = dialogs({})
    expect((await saveDraft('a1', d, select, ask)).done).toBe(true)
    expect(ask.confirmConversions).not.toHaveBeenCalled()
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual(['PUT /api/tables/t1?dryRun=true', 'PUT /api/tables/t1'])
  })

  it('asks before an option removal that would empty values', async () => {
    const d = draftOf(table)
    d.columns[0]!.config = { changed: true }
    const empties = { columnId: 'c1', name: 'Code', from: 'single_select', to: 'single_select', values: 3, wouldEmpty: 2 }
    const calls = serve([[200, { dryRun: true, plan: { steps: [], conversions: [empties] } }]])
    const ask = dialogs({ confirmConversions: false })
    expect((await saveDraft('a1', d, table, ask)).done).toBe(false)
    expect(ask.confirmConversions).toHaveBeenCalledWith([empties], true)
    expect(calls).toHaveLength(1)
  })

  it('retries a removal with cascade once the dependents are confirmed', async () => {
    const d = draftOf(table)
    d.columns = []
    const refused = { error: { code: 'KRN_ERR_CONFLICT', message: 'no', path: ['columns'], details: { dependents: [{ id: 'f', name: 'F', dependsOn: ['c1'] }] } } }
    const calls = serve([
      [409, refused],
      [200, { dryRun: true, plan: { steps: [] } }],
      [200, { ...table, columns: [] }],
    ])
    const ask = dialogs({ confirmDependents: true })
    expect((await saveDraft('a1', d, table, ask)).done).toBe(true)
    expect(ask.confirmDependents).toHaveBeenCalledWith([{ id: 'f', name: 'F', dependsOn: ['c1'] }])
    expect(calls.map((c) => c.url)).toEqual(['/api/tables/t1?dryRun=true', '/api/tables/t1?cascade=true&dryRun=true', '/api/tables/t1?cascade=true'])
  })

  it('places a validation error at the column the failed request listed', async () => {
    const d = draftOf(null)
    d.name = 'New'
    d.columns.push({ key: 'k1', name: 'A', type: 'text', config: {}, required: false }, { key: 'k2', name: 'S', type: 'single_select', config: {}, required: false })
    serve([[400, { error: { code: 'KRN_ERR_VALIDATION', message: 'options: required', path: ['columns', 1, 'config', 'options'] } }]])
    const err = await saveDraft('a1', d, null, dialogs({})).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(SaveError)
    const e = err as SaveError
    expect(e.cause).toBeInstanceOf(ApiError)
    expect(placeError(e.cause, e.keys)).toEqual({ key: 'k2', field: 'config', sub: ['options'], message: 'options: required' })
  })

  it("places a message at its column without the request's path to it", () => {
    const err = new ApiError(400, 'KRN_ERR_VALIDATION', 'columns.1.config.formula: Must not be empty.', ['columns', 1, 'config', 'formula'])
    expect(placeError(err, ['k1', 'k2'])).toEqual({ key: 'k2', field: 'config', sub: ['formula'], message: 'formula: Must not be empty.' })
    const name = new ApiError(400, 'KRN_ERR_VALIDATION', 'columns.0.name: Too long.', ['columns', 0, 'name'])
    expect(placeError(name, ['k1'])?.message).toBe('Too long.')
  })
})
