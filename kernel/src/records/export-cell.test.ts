import { describe, expect, it } from 'vitest'
import { fillVariables } from '../workflows/variables.ts'
import { cellText, exportCell } from './export-cell.ts'

// One spelling of a value as a person reads it: the export's cell and a workflow variable inside text.
describe('exportCell', () => {
  it('keeps scalars, spells objects by display, name, label and then id', () => {
    expect(exportCell(null)).toBeNull()
    expect(exportCell(undefined)).toBeNull()
    expect(exportCell(12.5)).toBe(12.5)
    expect(exportCell(false)).toBe(false)
    expect(exportCell({ id: 'r1', display: 'Acme' })).toBe('Acme')
    expect(exportCell({ id: 'u1', name: 'Ada' })).toBe('Ada')
    expect(exportCell({ id: 'o1', label: 'Open' })).toBe('Open')
    expect(exportCell({ id: 'r2', display: null })).toBe('r2')
    expect(exportCell({ lat: 1, lng: 2 })).toBe('{"lat":1,"lng":2}')
  })

  it('joins lists with ", " and leaves empty items out', () => {
    expect(exportCell([{ id: 'a', display: 'Acme' }, null, { id: 'b', display: '' }, { id: 'c', display: 'Beta' }])).toBe('Acme, Beta')
    expect(exportCell([1, 2])).toBe('1, 2')
    expect(exportCell([])).toBe('')
  })

  it('is what a workflow writes for a variable inside text', () => {
    const vars = { trigger: { record: { Tags: ['x', null, 'y'], Owner: { id: 'u1', name: 'Ada' }, Empty: null, Company: [{ id: 'r9', display: null }] } } }
    const cases = ['Tags', 'Owner', 'Empty', 'Company'] as const
    for (const f of cases) expect(fillVariables(`<{{trigger.record.${f}}}>`, vars)).toBe(`<${cellText(vars.trigger.record[f])}>`)
    expect(fillVariables('{{trigger.record.Tags}} / {{trigger.record.Owner}} / {{trigger.record.Empty}} / {{trigger.record.Company}}', vars)).toBe('x, y / Ada /  / r9')
  })
})
