import { describe, expect, it } from 'vitest'
import { collectInputs, initialInputs, inputKey } from './workflow-inputs.ts'

const fields = [
  { name: 'Why', type: 'text', required: true },
  { name: 'Qty', type: 'number' },
  { name: 'Due', type: 'date', required: false },
  { name: 'Urgent', type: 'switch' },
]
const required = (name: string) => `${name} is required`

describe('workflow inputs', () => {
  it('names each required field left empty and sends nothing yet', () => {
    expect(collectInputs(fields, {}, required).errors).toEqual({ Why: 'Why is required' })
    expect(collectInputs(fields, { Why: '' }, required).errors).toEqual({ Why: 'Why is required' })
    expect(collectInputs(fields, { Why: null }, required).errors).toEqual({ Why: 'Why is required' })
  })

  it('sends the values typed, as their types, and leaves empty optional fields out', () => {
    const { data, errors } = collectInputs(fields, { ...initialInputs(fields), Why: 'low stock', Qty: 0, Due: '' }, required)
    expect(errors).toEqual({})
    // 0 and false are values, not "empty": a person who typed 0 meant 0.
    expect(data).toEqual({ Why: 'low stock', Qty: 0, Urgent: false })
  })

  it('starts switches off (a value the server takes) and nothing else', () => {
    expect(initialInputs(fields)).toEqual({ Urgent: false })
  })

  it('turns free-text names into attribute-safe keys', () => {
    expect(inputKey('Due date / 日期')).toBe('Due_date_')
    expect(inputKey('Qty')).toBe('Qty')
  })
})
