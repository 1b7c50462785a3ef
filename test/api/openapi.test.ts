import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import createClient from 'openapi-fetch'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { API_TYPES, apiTypes } from '../../host-server/scripts/openapi-types.ts'
import type { paths } from '../fixtures/openapi/docpal-api.d.ts'
import { DB_KIND, startTestServer, type TestServer } from '../support/test-server.ts'

const REDOCLY = fileURLToPath(new URL('../../node_modules/.bin/redocly', import.meta.url))
let t: TestServer
let document: string

beforeAll(async () => {
  t = await startTestServer()
  document = await (await fetch(`${t.url}/api/openapi.json`)).text()
})
afterAll(() => t?.close())

describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1 with an operationId, a success answer and error answers in the one shape on every operation', () => {
    const doc = JSON.parse(document)
    expect(doc.openapi).toBe('3.1.0')
    expect(doc.servers).toEqual([{ url: '/', description: 'This DocPal server' }])
    expect(doc.components.schemas.Error.required).toEqual(['error'])
    const ids = new Set<string>()
    for (const [path, ops] of Object.entries<Record<string, any>>(doc.paths)) {
      for (const [method, op] of Object.entries<any>(ops)) {
        expect(op.operationId, `${method} ${path}`).toMatch(/^[a-z]+[A-Za-z]+$/)
        ids.add(op.operationId)
        const statuses = Object.keys(op.responses)
        expect(
          statuses.some((s) => /^2\d\d$/.test(s)),
          `${method} ${path}`,
        ).toBe(true)
        expect(op.responses['400'], `${method} ${path}`).toEqual({ $ref: '#/components/responses/BadRequest' })
      }
    }
    expect(ids.size).toBe(Object.values(doc.paths).flatMap((p) => Object.keys(p as object)).length)
    // Creates answer 201, deletes 204, as the server does; a page of records has its schema.
    expect(Object.keys(doc.paths['/api/apps'].post.responses)).toContain('201')
    expect(Object.keys(doc.paths['/api/tables/{id}'].delete.responses)).toContain('204')
    expect(doc.paths['/api/tables/{tableId}/records'].get.responses['200'].content['application/json'].schema.properties.records.type).toBe('array')
    // The server refuses more than 1,000 a page: the document says so.
    const limit = doc.paths['/api/tables/{tableId}/records'].get.parameters.find((p: any) => p.name === 'limit')
    expect(limit.schema.maximum).toBe(1000)
    // An export answers a file, not JSON: the document names its media types.
    const exported = doc.paths['/api/tables/{tableId}/export'].get.responses['200'].content
    expect(Object.keys(exported)).toEqual(expect.arrayContaining(['text/csv; charset=utf-8', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet']))
    expect(exported['application/json']).toBeUndefined()
    // An answer several operations give is one named component, so a generated client has one type for it.
    const workflow = { $ref: '#/components/schemas/Workflow' }
    const answer = (path: string, method: string) => doc.paths[path][method].responses[method === 'post' ? '201' : '200'].content['application/json'].schema
    expect(answer('/api/apps/{appId}/workflows', 'post')).toEqual(workflow)
    expect(answer('/api/workflows/{id}', 'get')).toEqual(workflow)
    expect(answer('/api/apps/{appId}/workflows', 'get')).toEqual({ type: 'array', items: workflow })
    expect(Object.keys(doc.components.schemas.Workflow.properties)).toEqual(expect.arrayContaining(['id', 'trigger', 'steps', 'warnings']))
  })

  // The linter runs once (it does not depend on the database).
  it.runIf(DB_KIND === 'pglite')(
    'passes `redocly lint` (recommended rules) with no error',
    async () => {
      const dir = await mkdtemp(join(tmpdir(), 'docpal-openapi-'))
      try {
        await writeFile(join(dir, 'openapi.json'), document)
        const run = await promisify(execFile)(REDOCLY, ['lint', join(dir, 'openapi.json'), '--format=json', '--max-problems=1000'], { maxBuffer: 32 * 1024 * 1024 }).catch(
          (e: unknown) => ({ stdout: (e as { stdout: string }).stdout }),
        )
        const problems = (JSON.parse(run.stdout) as { problems: Array<{ severity: string; ruleId: string; message: string }> }).problems
        expect(problems.filter((p) => p.severity === 'error')).toEqual([])
      } finally {
        await rm(dir, { recursive: true, force: true })
      }
    },
    60_000,
  )

  it.runIf(DB_KIND === 'pglite')(
    'gives the checked-in client types (run `pnpm openapi:types` after changing a route)',
    async () => {
      expect(await apiTypes(document)).toBe(await readFile(API_TYPES, 'utf8'))
    },
    60_000,
  )
})

describe('a client generated from it (openapi-typescript + openapi-fetch)', () => {
  it('creates an app, a table and records, and filters them, type-checked end to end', async () => {
    const api = createClient<paths>({ baseUrl: t.url, headers: t.owner.headers })
    const app = await api.POST('/api/apps', { body: { name: 'Typed' } })
    expect(app.response.status).toBe(201)
    const appId: string = app.data!.id
    const table = await api.POST('/api/apps/{appId}/tables', {
      params: { path: { appId } },
      body: {
        name: 'Orders',
        columns: [
          { name: 'Ref', type: 'text' },
          { name: 'Total', type: 'number' },
        ],
      },
    })
    expect(table.data!.columns.map((c) => c.name)).toEqual(['Ref', 'Total'])
    const tableId = table.data!.id
    const created = await api.POST('/api/tables/{tableId}/records/bulk', {
      params: { path: { tableId } },
      body: { records: [{ fields: { Ref: 'A', Total: 5 } }, { fields: { Ref: 'B', Total: 50 } }, { fields: { Ref: 'C', Total: 500 } }] },
    })
    expect(created.data!.created).toBe(3)
    const page = await api.GET('/api/tables/{tableId}/records', {
      params: {
        path: { tableId },
        query: { filter: JSON.stringify({ field: 'Total', op: 'gte', value: 50 }), sort: JSON.stringify([{ field: 'Total', direction: 'desc' }]), count: 'true' },
      },
    })
    expect(page.data!.total).toBe(2)
    expect(page.data!.records.map((r) => r.fields['Ref'])).toEqual(['C', 'B'])
    const missing = await api.GET('/api/tables/{tableId}/records/{recordId}', { params: { path: { tableId, recordId: '00000000-0000-4000-8000-000000000000' }, query: {} } })
    expect(missing.response.status).toBe(404)
    expect(missing.error!.error.code).toBe('KRN_ERR_NOT_FOUND')
  })
})
