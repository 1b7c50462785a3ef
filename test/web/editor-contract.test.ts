import { readdirSync, existsSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { ClientPlugin, ColumnInfo } from '@docpal/plugin-sdk/client'
import { expectCellEditorContract, type EditorCase } from '@docpal/plugin-sdk/client/testing'

/**
 * The SDK's cell-editor contract, run against the editor of every field type that ships in this
 * repository (first-party plugins and the third-party example): a type with an editor and no
 * cases here fails, so no plugin ships an editor whose edits can be lost.
 */
// vitest runs from the repository's root (a DOM environment gives import.meta.url another scheme).
const ROOT = process.cwd()
const entries = [
  ...readdirSync(join(ROOT, 'plugins')).map((d) => join(ROOT, 'plugins', d, 'src/client/index.tsx')),
  ...readdirSync(join(ROOT, 'examples')).map((d) => join(ROOT, 'examples', d, 'src/client.tsx')),
].filter((f) => existsSync(f))

const col = (type: string, config: Record<string, unknown> = {}): ColumnInfo => ({ id: 'c1', name: 'Field', type, config, required: false, order: 0 })
const opts = { options: ['Red', 'Green', 'Blue'].map((l) => ({ id: l.toLowerCase(), label: l })) }
const typed = (type: string, from: unknown, text: string, to: unknown, config = {}): EditorCase => ({ column: col(type, config), from, to, edit: (d) => d.type(text) })

/** Per field type: edits a person makes, and what each must save. */
const CASES: Record<string, EditorCase[]> = {
  text: [typed('text', 'old', 'new text', 'new text'), typed('text', 'old', '', null)],
  long_text: [typed('long_text', 'old', 'line 1\nline 2', 'line 1\nline 2')],
  number: [typed('number', 1, '42.5', 42.5), typed('number', 1, '1,234', 1234), typed('number', 1, '', null), typed('number', 1, '1.234', 1.234, { precision: 2 })],
  email: [typed('email', null, ' a@example.com ', 'a@example.com')],
  url: [typed('url', null, 'https://example.com', 'https://example.com')],
  single_select: [{ column: col('single_select', opts), from: 'red', to: 'blue', picks: true, edit: (d) => d.pickOption('Blue') }],
  multiple_select: [
    {
      column: col('multiple_select', opts),
      from: ['red'],
      to: ['red', 'green', 'blue'],
      edit: async (d) => {
        await d.pickOption('Green')
        await d.pickOption('Blue')
      },
    },
  ],
  date: [
    {
      column: col('date'),
      from: '2024-01-15',
      to: '2025-02-03',
      picks: true,
      edit: async (d) => {
        await d.type('2025-02-03')
        await d.press('Enter')
      },
    },
  ],
  switch: [{ column: col('switch'), from: false, to: true, picks: true, edit: (d) => d.click('.el-switch') }],
  rating: [{ column: col('rating', { max: 5 }), from: 1, to: 4, picks: true, edit: (d) => d.click('.el-rate__item:nth-child(4)') }],
  relation: [
    { name: 'several', column: col('relation', { targetTableId: 'people', allowMultiple: true }), from: ['r1'], to: ['r1', 'r2'], edit: (d) => d.pickOption('Bob') },
    { name: 'one', column: col('relation', { targetTableId: 'people', allowMultiple: false }), from: [], to: ['r2'], picks: true, edit: (d) => d.pickOption('Bob') },
  ],
  user: [
    { name: 'several', column: col('user', { allowMultiple: true }), from: ['u1'], to: ['u1', 'u2'], edit: (d) => d.pickOption('Bea') },
    { name: 'one', column: col('user'), from: null, to: 'u2', picks: true, edit: (d) => d.pickOption('Bea') },
  ],
}

/**
 * The two answers relation and user pickers ask for as they open: the linked table's first
 * records and the company's users. (The browser test runs them against a real server.)
 */
const people = { id: 'people', appId: 'a', name: 'People', columns: [{ id: 'name', name: 'Name', type: 'text', config: {}, required: false, order: 0 }] }
const answer = (url: string): unknown =>
  url.startsWith('/api/users')
    ? [
        { id: 'u1', name: 'Ann', avatar: null },
        { id: 'u2', name: 'Bea', avatar: null },
      ]
    : url === '/api/tables/people'
      ? people
      : {
          records: [
            { id: 'r1', fields: { name: 'Al' } },
            { id: 'r2', fields: { name: 'Bob' } },
          ],
          limit: 20,
          offset: 0,
        }
beforeAll(() => vi.stubGlobal('fetch', (url: string) => Promise.resolve(new Response(JSON.stringify(answer(url)), { status: 200 }))))
afterAll(() => vi.unstubAllGlobals())

describe('cell-editor contract of every field type', async () => {
  const plugins: ClientPlugin[] = []
  for (const f of entries) plugins.push(((await import(pathToFileURL(f).href)) as { default: ClientPlugin }).default)
  const types = plugins.flatMap((p) => (p.fieldTypes ?? []).filter((t) => t.editor))

  it('covers every field type that has an editor', () => {
    expect(types.map((t) => t.type).filter((t) => !CASES[t])).toEqual([])
  })
  for (const def of types) {
    it(`${def.type}: Enter, Tab and a click away save the edit, Esc drops it`, async () => {
      await expectCellEditorContract(def, CASES[def.type] ?? [])
    })
  }
})
