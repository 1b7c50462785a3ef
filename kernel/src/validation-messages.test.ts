import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { plainMessage } from './validation-messages.ts'

/** The messages a person reads for zod's common issues (the API puts the path before them). */
const message = (schema: z.ZodType, value: unknown) => schema.safeParse(value, { error: plainMessage }).error?.issues.map((i) => i.message)

describe('validation messages', () => {
  it('says what is missing, of the wrong type, or not expected', () => {
    const s = z.object({ name: z.string() }).strict()
    expect(message(s, {})).toEqual(['Required.'])
    expect(message(s, { name: 1 })).toEqual(['Expected text, got a number.'])
    expect(message(s, { name: 'x', colour: 'red' })).toEqual(['Unknown field: colour.'])
    expect(message(z.int(), 1.5)).toEqual(['Expected a whole number, got a number.'])
  })

  it('says sizes in their units, and limits as numbers', () => {
    expect(message(z.string().min(1), '')).toEqual(['Must not be empty.'])
    expect(message(z.string().max(3), 'abcd')).toEqual(['At most 3 characters.'])
    expect(message(z.array(z.string()).max(1), ['a', 'b'])).toEqual(['At most 1 item.'])
    expect(message(z.array(z.string()).min(1), [])).toEqual(['At least one item.'])
    expect(message(z.array(z.string()).min(2), [])).toEqual(['At least 2 items.'])
    expect(message(z.number().max(5), 6)).toEqual(['At most 5.'])
    expect(message(z.number().gt(5), 5)).toEqual(['More than 5.'])
    expect(message(z.number().multipleOf(5), 6)).toEqual(['Must be a multiple of 5.'])
  })

  it('names formats and choices', () => {
    expect(message(z.uuid(), 'x')).toEqual(['Must be an id (a UUID).'])
    expect(message(z.email(), 'x')).toEqual(['Must be an email address.'])
    expect(message(z.enum(['asc', 'desc']), 'up')).toEqual(['Must be one of "asc", "desc".'])
    expect(message(z.literal('x'), 'y')).toEqual(['Must be "x".'])
    expect(message(z.union([z.string(), z.number()]), true)).toEqual(['Not one of the accepted forms.'])
  })

  it("keeps a schema's own message", () => {
    expect(message(z.string().max(3, 'Names are short.'), 'abcd')).toEqual(['Names are short.'])
  })
})
