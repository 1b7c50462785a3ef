import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSecondServer } from '../support/second-server.ts'
import { DB_KIND, startTestServer, type TestServer } from '../support/test-server.ts'

/**
 * An import across two server processes on one PostgreSQL (issue 19), as a round-robin load
 * balancer sends its requests: the upload to one, the start to the other, progress and report read
 * from the first, the delete through the second. Before, every request after the upload that
 * reached the other process answered 404 HST_ERR_IMPORT_NOT_FOUND (jobs and files lived in the
 * memory and temp dir of the process that took the upload). And a running import whose process
 * died is reported failed, saying what was kept, never `running` for ever.
 */
describe.skipIf(DB_KIND !== 'postgres')('imports across server processes', () => {
  let t: TestServer
  let second: { url: string; close: () => Promise<void> }
  let appId: string
  beforeAll(async () => {
    t = await startTestServer({ statementTimeoutMs: 30_000 })
    second = await startSecondServer(t)
    appId = (await t.api('POST', '/api/apps', { name: 'Imports' })).body.id as string
  })
  afterAll(async () => {
    await second?.close()
    await t?.close()
  })

  const there = async (method: string, path: string, body?: unknown) => {
    const r = await fetch(`${second.url}${path}`, {
      method,
      headers: { ...t.owner.headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
    const text = await r.text()
    return { status: r.status, body: text ? JSON.parse(text) : undefined }
  }
  // 3 MB of rows: the file spans several stored chunks.
  const rows = 30_000
  const csv = ['Name,Amount', ...Array.from({ length: rows }, (_, i) => `row ${i} ${'x'.repeat(80)},${i}`)].join('\n')

  it('uploads through one process, starts through the other, reports through the first, is deleted through the second', async () => {
    const up = await t.api('POST', '/api/imports?fileName=big.csv', Buffer.from(csv), { 'content-type': 'text/csv' })
    expect(up.status, JSON.stringify(up.body)).toBe(201)
    const id = up.body.id as string
    const chunks = await t.server.kernel.db.query<{ n: number }>(sql`select count(*)::integer as n from import_files where job_id = ${id}`)
    expect(chunks[0]?.n).toBeGreaterThan(2)
    // Stored with lz4 (migration 20261216010000): pglz cost the upload 20-30 ms a MiB in PostgreSQL.
    const how = await t.server.kernel.db.query<{ method: string | null; n: number }>(
      sql`select pg_column_compression(bytes) as method, count(*)::integer as n from import_files where job_id = ${id} group by 1`,
    )
    expect(how.find((r) => r.method === 'lz4')?.n).toBeGreaterThan(1)
    expect(how.find((r) => r.method === 'pglz')).toBeUndefined()
    // The other process reads the stored file for a new preview, and starts it.
    const patched = await there('PATCH', `/api/imports/${id}`, { header: true })
    expect(patched.status, JSON.stringify(patched.body)).toBe(200)
    expect(patched.body.preview.columns.map((c: { name: string }) => c.name)).toEqual(['Name', 'Amount'])
    const start = await there('POST', `/api/imports/${id}/start`, { newTable: { appId, name: 'Across' }, mode: 'skipInvalid' })
    expect(start.status, JSON.stringify(start.body)).toBe(202)
    // A second start, through the first process, is refused: the job was claimed.
    expect((await t.api('POST', `/api/imports/${id}/start`, { newTable: { appId, name: 'Twice' }, mode: 'skipInvalid' })).status).toBe(409)
    let done: { state: string; processed: number; written: number; tableId: string }
    for (;;) {
      const r = await t.api('GET', `/api/imports/${id}`)
      expect(r.status).toBe(200)
      done = r.body
      if (!['uploaded', 'running'].includes(r.body.state)) break
      await new Promise((res) => setTimeout(res, 50))
    }
    expect(done).toMatchObject({ state: 'done', processed: rows, written: rows })
    const first = await there('GET', `/api/tables/${done.tableId}/records?limit=1&sort=${encodeURIComponent('[{"field":"createdAt","direction":"asc"}]')}`)
    expect(first.status).toBe(200)
    expect(first.body.records).toHaveLength(1)
    expect((await there('DELETE', `/api/imports/${id}`)).status).toBe(204)
    expect((await t.api('GET', `/api/imports/${id}`)).status).toBe(404)
    expect((await t.server.kernel.db.query(sql`select 1 from import_files where job_id = ${id}`)).length).toBe(0)
  })

  it('a running import whose process is gone (lease passed) is failed, saying what was kept', async () => {
    const made = await t.api('POST', '/api/imports?fileName=lost.csv', Buffer.from('Name\na\nb\n'), { 'content-type': 'text/csv' })
    const id = made.body.id as string
    // As a process that claimed it and died after 2 rows would leave it.
    await t.server.kernel.db.query(sql`update import_jobs set state = 'running', mode = 'skipInvalid', processed = 2, written = 2,
      lease_until = clock_timestamp() - interval '1 second' where id = ${id}`)
    const r = await there('GET', `/api/imports/${id}`)
    expect(r.status).toBe(200)
    expect(r.body.state).toBe('failed')
    expect(r.body.error.code).toBe('HST_ERR_IMPORT_ABANDONED')
    expect(r.body.error.message).toMatch(/at least 2/)
    expect(r.body.finishedAt).not.toBeNull()
    expect((await t.api('GET', `/api/imports/${id}`)).body.state).toBe('failed')
    // A finished import may be dropped.
    expect((await t.api('DELETE', `/api/imports/${id}`)).status).toBe(204)
  })

  it('expiry is one DELETE any process may run at once', async () => {
    const made = await t.api('POST', '/api/imports?fileName=old.csv', Buffer.from('Name\na\n'), { 'content-type': 'text/csv' })
    const id = made.body.id as string
    await t.server.kernel.db.query(sql`update import_jobs set created_at = clock_timestamp() - interval '2 hours' where id = ${id}`)
    const swept = await Promise.all([t.server.kernel.importJobs.sweep(3_600_000, 86_400_000), t.server.kernel.importJobs.sweep(3_600_000, 86_400_000)])
    expect(swept[0] + swept[1]).toBeGreaterThanOrEqual(1)
    expect((await there('GET', `/api/imports/${id}`)).status).toBe(404)
  })
})
