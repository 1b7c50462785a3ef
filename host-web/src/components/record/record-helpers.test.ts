import { describe, expect, it } from 'vitest'
import { ApiError, type ColumnInfo, type TableMeta } from '@docpal/plugin-sdk/client'
import { detailSections, formFields, titleColumn } from './layouts.ts'
import { fieldErrorOf, fieldErrorsOf, fieldsToSend, isBlank } from './values.ts'
import { linksOf } from './links.ts'
import { keyBelongsToWidget } from './keys.ts'

const col = (id: string, name: string, extra: Partial<ColumnInfo> = {}): ColumnInfo => ({ id, name, type: 'text', config: {}, required: false, order: 0, ...extra })
const columns = [col('a', 'Title', { required: true }), col('b', 'Qty'), col('c', 'Link', { config: { targetTableId: 't2' } })]
// As GET /api/tables/:id answers: the layouts at the top level of the table.
const table = {
  id: 't1',
  appId: 'app',
  name: 'Deals',
  columns,
  defaultForm: {
    layout: 'single-column',
    fields: [
      { columnId: 'b', type: 'input', required: false, validation: [] },
      { columnId: 'a', type: 'input', required: true, validation: [{ rule: 'required' }] },
      { columnId: 'gone', type: 'input' },
    ],
  },
  defaultDetailDashboard: {
    sections: [
      { type: 'field_group', title: 'Details', fields: ['c', 'a'] },
      { type: 'related_records', table_id: 'x' },
    ],
  },
  defaultCardView: { titleField: 'a' },
} as unknown as TableMeta

describe('layouts', () => {
  it('orders the form by its layout, drops unknown columns and reads required from it', () => {
    expect(formFields(table).map((f) => [f.column.name, f.required])).toEqual([
      ['Qty', false],
      ['Title', true],
    ])
  })
  it('prefers a user-edited layout, under `layouts` too, and falls back to every column', () => {
    const edited = { ...table, layouts: { form: { fields: ['c'] } } } as unknown as TableMeta
    expect(formFields(edited).map((f) => f.column.name)).toEqual(['Link'])
    const bare = { id: 't', appId: 'a', name: 'T', columns } as TableMeta
    expect(formFields(bare).map((f) => f.column.name)).toEqual(['Title', 'Qty', 'Link'])
    expect(detailSections(bare)).toEqual([{ title: '', columns }])
  })
  it('groups the detail fields by section and names the title column', () => {
    expect(detailSections(table)).toEqual([{ title: 'Details', columns: [columns[2], columns[0]] }])
    expect(titleColumn(table)?.name).toBe('Title')
  })
})

describe('values', () => {
  it('treats null, empty text and empty lists as blank, not false or 0', () => {
    expect([null, undefined, '', []].every(isBlank)).toBe(true)
    expect([false, 0, ' ', ['x']].some(isBlank)).toBe(false)
  })
  it('sends filled fields on create and only changed ones on edit, by column name', () => {
    expect(fieldsToSend(columns, { a: 'x', b: null, c: [] }, null)).toEqual({ Title: 'x' })
    const initial = { a: 'x', b: 2, c: [{ id: 'r1', display: 'R' }] }
    expect(fieldsToSend(columns, { a: 'x', b: null, c: [{ id: 'r1', display: 'R' }] }, initial)).toEqual({ Qty: null })
  })
  it('finds the field of a server error by name or id and drops the path from its message', () => {
    expect(fieldErrorOf(new ApiError(400, 'E', 'fields.Qty: Expected number', ['fields', 'Qty']), columns)).toEqual({ columnId: 'b', message: 'Expected number' })
    expect(fieldErrorOf(new ApiError(400, 'E', 'fields.Tags.1: invalid option', ['fields', 'a', 1]), columns)).toEqual({ columnId: 'a', message: 'fields.Tags.1: invalid option' })
    expect(fieldErrorOf(new ApiError(400, 'E', 'Title is required', ['fields', 'Title']), columns)).toEqual({ columnId: 'a', message: 'Title is required' })
    expect(fieldErrorOf(new ApiError(400, 'E', 'bad', ['name']), columns)).toBeNull()
    expect(fieldErrorOf(new Error('x'), columns)).toBeNull()
  })
  it('lists every refused field of details.fields once, skipping what is not a form field', () => {
    const fields = [
      { path: ['fields', 'Qty'], message: 'fields.Qty: Expected a number, got text.' },
      { path: ['fields', 'a'], message: "Column 'Title' is required." },
      { path: ['fields', 'Qty', 0], message: 'again' },
      { path: ['name'], message: 'not a field' },
      'junk',
    ]
    expect(fieldErrorsOf(new ApiError(400, 'E', 'x', ['fields', 'Qty'], { fields }), columns)).toEqual([
      { columnId: 'b', message: 'Expected a number, got text.' },
      { columnId: 'a', message: "Column 'Title' is required." },
    ])
    expect(fieldErrorsOf(new ApiError(400, 'E', 'Title is required', ['fields', 'Title']), columns)).toEqual([{ columnId: 'a', message: 'Title is required' }])
    expect(fieldErrorsOf(new Error('x'), columns)).toEqual([])
  })
})

describe('links', () => {
  it('reads linked records from a column that targets a table', () => {
    expect(
      linksOf(columns[2]!, [
        { id: 'r1', display: 'Alice' },
        { id: 'r2abcdefgh', display: '' },
      ]),
    ).toEqual({
      tableId: 't2',
      links: [
        { id: 'r1', display: 'Alice' },
        { id: 'r2abcdefgh', display: 'r2abcdef' },
      ],
    })
    expect(linksOf(columns[1]!, [{ id: 'r1', display: 'Alice' }])).toBeNull()
    expect(linksOf(columns[2]!, ['r1'])).toBeNull()
  })
})

describe('keys', () => {
  const key = (el: Element, k: string) => {
    let seen = false
    el.addEventListener('keydown', (e) => (seen = keyBelongsToWidget(e as KeyboardEvent)))
    el.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true }))
    return seen
  }
  it('leaves Enter to a select and Esc to an open popup; a plain input gives both to the form', () => {
    document.body.innerHTML = '<div role="combobox" aria-expanded="false"><input id="s"></div><input id="t"><input id="o" role="combobox" aria-expanded="true">'
    const [s, t, o] = ['s', 't', 'o'].map((id) => document.getElementById(id)!)
    expect(key(s!, 'Enter')).toBe(true)
    expect(key(s!, 'Escape')).toBe(false)
    expect(key(o!, 'Escape')).toBe(true)
    expect(key(t!, 'Enter')).toBe(false)
    expect(key(t!, 'Escape')).toBe(false)
  })
})
