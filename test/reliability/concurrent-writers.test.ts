/**
 * N writers create and update records while another client adds, renames, retypes and removes
 * columns of the same table (issue 12, reliability suite). Afterwards every acknowledged write is
 * there with its last acknowledged value, nothing refused is there, no answer was a 5xx, and the
 * metadata equals the physical schema.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../support/test-server.ts'
import { errorShapeProblem } from './support/error-shape.ts'
import { httpClient, type Answer, type Call } from './support/http-client.ts'
import { schemaMismatches } from './support/physical-schema.ts'
import { readAll } from './support/read-all.ts'
import { writerCount, writerMillis } from './support/settings.ts'

let t: TestServer
let call: Call
let tableId: string
const problems: string[] = []
const refused = new Map<string, number>()

/** Every answer of this file goes through here: a 5xx or an error outside the shape is a problem. */
async function api(method: string, path: string, body?: unknown): Promise<Answer> {
  const r = await call(method, path, body)
  if (r.status >= 500) problems.push(`${method} ${path}: ${r.status} ${r.text.slice(0, 300)}`)
  else if (r.status >= 400) {
    const p = errorShapeProblem(r.body, r.text)
    if (p) problems.push(`${method} ${path}: ${p}`)
    const code = `${method} ${path.replace(/[0-9a-f-]{36}/g, ':id')} ${r.status} ${r.body?.error?.code}`
    refused.set(code, (refused.get(code) ?? 0) + 1)
  }
  return r
}

beforeAll(async () => {
  t = await startTestServer()
  call = httpClient(
    () => t.url,
    () => t.owner.headers,
  )
  const app = (await api('POST', '/api/apps', { name: 'Writers' })).body.id
  const table = await api('POST', `/api/apps/${app}/tables`, {
    name: 'Log',
    columns: [
      { name: 'Writer', type: 'text' },
      { name: 'Seq', type: 'number' },
      { name: 'Payload', type: 'text' },
    ],
  })
  tableId = table.body.id
})
afterAll(() => t?.close())

interface Acked {
  writer: string
  seq: number
  payload: string
}

/** One writer: creates records, sometimes in a bulk batch, and updates its earlier ones. */
async function writer(w: number, until: number, acked: Map<string, Acked>): Promise<void> {
  const mine: string[] = []
  for (let seq = 0; Date.now() < until; seq++) {
    const payload = `w${w}-${seq}-${'x'.repeat(seq % 50)}`
    if (seq % 7 === 3 && mine.length > 0) {
      const id = mine[seq % mine.length]!
      const r = await api('PATCH', `/api/tables/${tableId}/records/${id}`, { fields: { Payload: payload } })
      if (r.status === 200) acked.set(id, { ...acked.get(id)!, payload })
    } else if (seq % 11 === 5) {
      const batch = Array.from({ length: 5 }, (_, i) => ({ writer: `w${w}`, seq: seq * 100 + i, payload }))
      const r = await api('POST', `/api/tables/${tableId}/records/bulk`, { records: batch.map((b) => ({ fields: { Writer: b.writer, Seq: b.seq, Payload: b.payload } })) })
      if (r.status === 201)
        (r.body.ids as string[]).forEach((id, i) => {
          acked.set(id, batch[i]!)
          mine.push(id)
        })
    } else {
      const r = await api('POST', `/api/tables/${tableId}/records`, { fields: { Writer: `w${w}`, Seq: seq, Payload: payload } })
      if (r.status === 201) {
        acked.set(r.body.id, { writer: `w${w}`, seq, payload })
        mine.push(r.body.id)
      }
    }
  }
}

/** Schema changes in a loop: add a text column, fill a few values, rename it, retype it to number, remove it. */
async function changer(until: number): Promise<number> {
  let cycles = 0
  for (let k = 0; Date.now() < until; k++) {
    const added = await api('POST', `/api/tables/${tableId}/columns`, { name: `C${k}`, type: 'text' })
    if (added.status !== 201) continue
    const column = added.body.column.id as string
    const page = await api('GET', `/api/tables/${tableId}/records?limit=3`)
    const some = (page.body.records as Array<{ id: string }>).map((r) => r.id)
    for (const id of some) await api('PATCH', `/api/tables/${tableId}/records/${id}?fieldKey=id`, { fields: { [column]: String(k) } })
    await api('PATCH', `/api/tables/${tableId}/columns/${column}`, { name: `R${k}` })
    const retyped = await api('PATCH', `/api/tables/${tableId}/columns/${column}?force=true`, { type: 'number' })
    if (retyped.status === 200) {
      for (const id of some) {
        const r = await api('GET', `/api/tables/${tableId}/records/${id}?fieldKey=id`)
        if (r.status === 200 && r.body.fields[column] !== k) problems.push(`record ${id}: '${k}' retyped to number reads ${JSON.stringify(r.body.fields[column])}`)
      }
    }
    await api('DELETE', `/api/tables/${tableId}/columns/${column}`)
    cycles++
  }
  return cycles
}

describe('concurrent writers during schema changes', () => {
  it('lose no acknowledged write, answer no 5xx, and leave metadata equal to the physical schema', async () => {
    const acked = new Map<string, Acked>()
    const until = Date.now() + writerMillis()
    const [cycles] = await Promise.all([changer(until), ...Array.from({ length: writerCount() }, (_, w) => writer(w, until, acked))])
    const stored = await readAll(call, tableId)
    const lost = [...acked].filter(([id, a]) => {
      const f = stored.get(id)?.fields
      return !f || f['Writer'] !== a.writer || f['Seq'] !== a.seq || f['Payload'] !== a.payload
    })
    const phantom = [...stored.keys()].filter((id) => !acked.has(id))
    process.stderr.write(
      `concurrent writers: ${writerCount()} writers, ${writerMillis()} ms, ${acked.size} records acknowledged, ${cycles} add/rename/retype/remove cycles, refused ${JSON.stringify(Object.fromEntries(refused))}\n`,
    )
    expect(acked.size).toBeGreaterThan(0)
    expect(cycles).toBeGreaterThan(0)
    expect(lost.map(([id, a]) => ({ id, acked: a, stored: stored.get(id)?.fields }))).toEqual([])
    expect(phantom).toEqual([])
    expect(problems).toEqual([])
    expect(await schemaMismatches(t.db.db)).toEqual([])
  })
})
