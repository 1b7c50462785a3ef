import { execFile } from 'node:child_process'
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import openapiTS, { astToString } from 'openapi-typescript'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DB_KIND, startTestServer, type TestServer } from '../support/test-server.ts'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const REDOCLY = join(ROOT, 'node_modules/.bin/redocly')
const TSC = join(ROOT, 'node_modules/.bin/tsc')
const run = promisify(execFile)

let t: TestServer
let targetId: string
let tableId: string
let table: any
let doc: any
let version: string
let alpha: string

const options = [
  { id: 'a', label: 'Alpha' },
  { id: 'b', label: 'Beta' },
]

/** A column of every first-party field type (relation, lookup and aggregation over a second table). */
beforeAll(async () => {
  t = await startTestServer()
  const app = (await t.api('POST', '/api/apps', { name: 'Typed tables' })).body.id
  const target = (await t.api('POST', `/api/apps/${app}/tables`, { name: 'Targets', columns: [{ name: 'Name', type: 'text' }] })).body
  targetId = target.id
  alpha = (await t.api('POST', `/api/tables/${targetId}/records`, { fields: { Name: 'Alpha' } })).body.id
  const made = await t.api('POST', `/api/apps/${app}/tables`, {
    name: 'Everything',
    columns: [
      { name: 'Title', type: 'text', required: true },
      { name: 'Notes', type: 'long_text' },
      { name: 'Amount', type: 'number' },
      { name: 'Done', type: 'switch' },
      { name: 'Due', type: 'date' },
      { name: 'At', type: 'date', config: { includeTime: true } },
      { name: 'Mail', type: 'email' },
      { name: 'Site', type: 'url' },
      { name: 'Status', type: 'single_select', config: { options } },
      { name: 'Tags', type: 'multiple_select', config: { options } },
      { name: 'Owner', type: 'user' },
      { name: 'Owners', type: 'user', config: { allowMultiple: true } },
      { name: 'Link', type: 'relation', config: { targetTableId: targetId, allowMultiple: true } },
    ],
  })
  expect(made.status).toBe(201)
  tableId = made.body.id
  const link = made.body.columns.find((c: any) => c.name === 'Link').id
  const name = target.columns[0].id
  for (const c of [
    { name: 'Double', type: 'formula', config: { formula: '{Amount} * 2' } },
    { name: 'Shout', type: 'formula', config: { formula: "{Title} & '!'" } },
    { name: 'Linked names', type: 'lookup', config: { relationFieldId: link, targetFieldId: name } },
    { name: 'Links', type: 'aggregation', config: { relationFieldId: link, aggregation: 'count' } },
  ])
    expect((await t.api('POST', `/api/tables/${tableId}/columns`, c)).status).toBe(201)
  table = (await t.api('GET', `/api/tables/${tableId}`)).body
  const r = await t.api('GET', `/api/tables/${tableId}/openapi.json`)
  expect(r.status).toBe(200)
  doc = r.body
  version = doc.info.version
})
afterAll(() => t?.close())

function validator() {
  const ajv = new Ajv2020({ strict: false, allErrors: true })
  addFormats.default(ajv)
  ajv.addSchema({ $id: 'table.json', components: doc.components })
  const of = (name: string) => ajv.getSchema(`table.json#/components/schemas/${name}`)!
  return { record: of('Record'), page: of('RecordPage'), input: of('FieldsInput'), patch: of('FieldsPatch') }
}

const full = () => ({
  Title: 'First',
  Notes: 'Line one\nLine two',
  Amount: 12.5,
  Done: true,
  Due: '2026-03-01',
  At: '2026-03-01T10:30:00.000Z',
  Mail: 'a@example.com',
  Site: 'https://example.com/x',
  Status: 'a',
  Tags: ['b', 'a'],
  Owner: t.owner.userId,
  Owners: [t.owner.userId],
  Link: [alpha],
})

describe("a table's OpenAPI document", () => {
  it('holds the record operations of that table, with its id in the paths', () => {
    expect(doc.openapi).toBe('3.1.0')
    expect(doc.info.title).toBe('DocPal table Everything')
    const paths = Object.keys(doc.paths)
    expect(paths).toContain(`/api/tables/${tableId}/records`)
    expect(paths).toContain(`/api/tables/${tableId}/records/{recordId}`)
    expect(paths).toContain(`/api/tables/${tableId}/records/bulk`)
    expect(paths.every((p) => p.startsWith(`/api/tables/${tableId}/records`))).toBe(true)
    const create = doc.paths[`/api/tables/${tableId}/records`].post
    expect(create.requestBody.content['application/json'].schema.properties.fields).toEqual({ $ref: '#/components/schemas/FieldsInput' })
    expect(create.responses['201'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Record' })
    expect(doc.paths[`/api/tables/${tableId}/records/{recordId}`].patch.requestBody.content['application/json'].schema.properties.fields).toEqual({
      $ref: '#/components/schemas/FieldsPatch',
    })
    expect(doc.paths[`/api/tables/${tableId}/records`].get.responses['200'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/RecordPage' })
    const filter = doc.paths[`/api/tables/${tableId}/records`].get.parameters.find((p: any) => p.name === 'filter')
    expect(filter.description).toContain('"Amount"')
  })

  it('types every column from its field type; computed ones are read-only, required ones required', () => {
    const fields = doc.components.schemas.Record.properties.fields.properties
    expect(Object.keys(fields)).toEqual(table.columns.map((c: any) => c.name))
    expect(fields.Amount).toEqual({ anyOf: [{ type: 'number' }, { type: 'null' }] })
    expect(fields.Done.anyOf[0]).toEqual({ type: 'boolean' })
    expect(fields.Due.anyOf[0]).toEqual({ type: 'string', format: 'date' })
    expect(fields.At.anyOf[0]).toEqual({ type: 'string', format: 'date-time' })
    expect(fields.Status.anyOf[0].enum).toEqual(['a', 'b'])
    expect(fields.Double).toMatchObject({ anyOf: [{ type: 'number' }, { type: 'null' }], readOnly: true })
    expect(fields.Shout.anyOf[0]).toEqual({ type: 'string' })
    expect(fields['Linked names'].anyOf[0]).toEqual({ type: 'array', items: { type: 'string' } })
    expect(fields.Links.readOnly).toBe(true)
    // Relations and users are written as ids but answered as objects: their types say so.
    expect(fields.Link.anyOf[0].items.required).toEqual(['id', 'display'])
    expect(fields.Owner.anyOf[0].required).toEqual(['id', 'name', 'avatar'])
    expect(fields.Owners.anyOf[0].items.properties.name).toEqual({ type: 'string' })
    const input = doc.components.schemas.FieldsInput
    expect(input.required).toEqual(['Title'])
    expect(Object.keys(input.properties)).not.toContain('Double')
    expect(Object.keys(input.properties)).toContain('Link')
    expect(doc.components.schemas.FieldsPatch.required).toBeUndefined()
  })

  it('describes what the API really answers for every field type (ajv against real answers)', async () => {
    const v = validator()
    const bodies = [{ Title: 'Second' }, full(), { Title: 'Third', Amount: null, Tags: [], Link: [], Owners: [] }]
    for (const fields of bodies) {
      expect(v.input(fields), JSON.stringify(v.input.errors)).toBe(true)
      const created = await t.api('POST', `/api/tables/${tableId}/records`, { fields })
      expect(created.status, created.text).toBe(201)
      expect(v.record(created.body), JSON.stringify(v.record.errors)).toBe(true)
      const read = await t.api('GET', `/api/tables/${tableId}/records/${created.body.id}`)
      expect(v.record(read.body), JSON.stringify(v.record.errors)).toBe(true)
      expect(Object.keys(read.body.fields).sort()).toEqual(table.columns.map((c: any) => c.name).sort())
    }
    const patch = { Amount: 3, Link: [] }
    expect(v.patch(patch)).toBe(true)
    const first = (await t.api('GET', `/api/tables/${tableId}/records?count=true`)).body
    expect(first.total).toBe(3)
    expect((await t.api('PATCH', `/api/tables/${tableId}/records/${first.records[0].id}`, { fields: patch })).status).toBe(200)
    for (const page of [
      (await t.api('GET', `/api/tables/${tableId}/records?count=true`)).body,
      (await t.api('POST', `/api/tables/${tableId}/records/query`, { sort: [{ field: 'Amount', direction: 'desc' }] })).body,
    ])
      expect(v.page(page), JSON.stringify(v.page.errors)).toBe(true)
    // The full record answered what its field types say: a link list, users, computed values.
    const all = (await t.api('GET', `/api/tables/${tableId}/records?filter=${encodeURIComponent(JSON.stringify({ field: 'Title', op: 'eq', value: 'First' }))}`)).body.records[0]
    expect(all.fields.Link).toEqual([{ id: alpha, display: 'Alpha' }])
    expect(all.fields.Owner).toMatchObject({ id: t.owner.userId })
    expect(all.fields.Double).toBe(25)
    expect(all.fields['Linked names']).toEqual(['Alpha'])
  })

  it('refuses what the server refuses: a string in a number column, an unknown column, a missing required one', async () => {
    const v = validator()
    const wrong = { Title: 'x', Amount: 'ten' }
    expect(v.input(wrong)).toBe(false)
    expect((await t.api('POST', `/api/tables/${tableId}/records`, { fields: wrong })).status).toBe(400)
    expect(v.input({ Title: 'x', Nope: 1 })).toBe(false)
    expect((await t.api('POST', `/api/tables/${tableId}/records`, { fields: { Title: 'x', Nope: 1 } })).status).toBe(400)
    expect(v.input({ Amount: 1 })).toBe(false)
    expect(v.input({ Title: 'x', Double: 4 })).toBe(false)
    expect(v.record({ id: 'x', fields: { Amount: 'ten' }, createdAt: 'now', updatedAt: 'now', createdBy: null })).toBe(false)
  })

  it('answers 404 in the error shape for an unknown table', async () => {
    const r = await t.api('GET', '/api/tables/00000000-0000-4000-8000-000000000000/openapi.json')
    expect(r.status).toBe(404)
    expect(r.body.error.code).toBe('KRN_ERR_NOT_FOUND')
    const bad = await t.api('GET', '/api/tables/not-a-uuid/openapi.json')
    expect(bad.status).toBe(404)
    expect(bad.body.error.code).toBe('KRN_ERR_NOT_FOUND')
  })

  it('changes info.version (and the ETag) when a column is added', async () => {
    const again = await t.api('GET', `/api/tables/${tableId}/openapi.json`)
    expect(again.body.info.version).toBe(version)
    expect((await t.api('POST', `/api/tables/${tableId}/columns`, { name: 'Extra', type: 'number' })).status).toBe(201)
    const res = await fetch(`${t.url}/api/tables/${tableId}/openapi.json`, { headers: t.owner.headers })
    const after = await res.json()
    expect(after.info.version).not.toBe(version)
    expect(res.headers.get('etag')).toBe(`"${after.info.version}"`)
    expect(after.components.schemas.Record.properties.fields.properties.Extra).toEqual({ anyOf: [{ type: 'number' }, { type: 'null' }] })
  })

  it('is an operation of the global document', async () => {
    const global = (await t.api('GET', '/api/openapi.json')).body
    const op = global.paths['/api/tables/{tableId}/openapi.json'].get
    expect(op.operationId).toBe('getTablesByTableIdOpenapiJson')
    expect(op.responses['200'].content['application/json'].schema.properties.info.type).toBe('object')
  })

  it.runIf(DB_KIND === 'pglite')(
    'passes `redocly lint` (recommended rules) with no error',
    async () => {
      const dir = await mkdtemp(join(tmpdir(), 'docpal-table-openapi-'))
      try {
        await writeFile(join(dir, 'openapi.json'), JSON.stringify(doc))
        const out = await run(REDOCLY, ['lint', join(dir, 'openapi.json'), '--format=json', '--max-problems=1000'], { maxBuffer: 32 * 1024 * 1024 }).catch((e: unknown) => ({
          stdout: (e as { stdout: string }).stdout,
        }))
        const problems = (JSON.parse(out.stdout) as { problems: Array<{ severity: string }> }).problems
        expect(problems.filter((p) => p.severity === 'error')).toEqual([])
      } finally {
        await rm(dir, { recursive: true, force: true })
      }
    },
    60_000,
  )

  it.runIf(DB_KIND === 'pglite')(
    'gives a typed client (openapi-typescript + openapi-fetch): a right program type-checks, a wrong field type does not',
    async () => {
      const dir = await mkdtemp(join(tmpdir(), 'docpal-typed-table-'))
      try {
        await symlink(join(ROOT, 'node_modules'), join(dir, 'node_modules'))
        await writeFile(join(dir, 'table.d.ts'), astToString(await openapiTS(JSON.stringify(doc))))
        const program = (amount: string) => `import createClient from 'openapi-fetch'
import type { paths } from './table.d.ts'
const api = createClient<paths>({ baseUrl: 'http://localhost' })
export async function roundTrip(): Promise<number | null | undefined> {
  const made = await api.POST('/api/tables/${tableId}/records', { body: { fields: { Title: 'T', Amount: ${amount}, Status: 'a', Link: ['${alpha}'] } } })
  const page = await api.GET('/api/tables/${tableId}/records', { params: { query: { filter: JSON.stringify({ field: 'Amount', op: 'gte', value: 1 }) } } })
  const title: string | null | undefined = page.data?.records[0]?.fields.Title
  void title
  return made.data?.fields.Amount
}
`
        await writeFile(join(dir, 'program.ts'), program('5'))
        await writeFile(join(dir, 'tsconfig.json'), JSON.stringify(tsconfig(['program.ts'])))
        const ok = await run(TSC, ['-p', dir]).then(
          () => '',
          (e: unknown) => (e as { stdout: string }).stdout,
        )
        expect(ok).toBe('')
        await writeFile(join(dir, 'program.ts'), program("'five'"))
        const bad = await run(TSC, ['-p', dir]).then(
          () => '',
          (e: unknown) => (e as { stdout: string }).stdout,
        )
        expect(bad).toMatch(/program\.ts.*error TS2322/s)
      } finally {
        await rm(dir, { recursive: true, force: true })
      }
    },
    120_000,
  )
})

function tsconfig(files: string[]) {
  return {
    compilerOptions: {
      strict: true,
      noEmit: true,
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      target: 'ES2022',
      skipLibCheck: true,
      allowImportingTsExtensions: true,
      types: [],
    },
    files,
  }
}
