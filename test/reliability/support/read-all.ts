import type { Call } from './http-client.ts'

export interface StoredRecord {
  id: string
  fields: Record<string, unknown>
}

/** Every record of a table, page by page, in the default order. */
export async function readAll(call: Call, tableId: string): Promise<Map<string, StoredRecord>> {
  const out = new Map<string, StoredRecord>()
  for (let offset = 0; ; offset += 1000) {
    const r = await call('GET', `/api/tables/${tableId}/records?limit=1000&offset=${offset}`)
    if (r.status !== 200) throw new Error(`reading ${tableId} at offset ${offset}: ${r.status} ${r.text.slice(0, 300)}`)
    const page = r.body.records as StoredRecord[]
    for (const rec of page) out.set(rec.id, rec)
    if (page.length < 1000) return out
  }
}
