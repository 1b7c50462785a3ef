import { describe, it, expect } from 'vitest'
import { PgDialect } from 'drizzle-orm/pg-core'
import { sql } from '@docpal/plugin-sdk'
import { numberFieldType as t } from '../src/server/index.ts'

describe('number field type', () => {
  it('leaves precision unset by default and rejects min above max', () => {
    expect(t.config.parse({})).toEqual({})
    expect(t.config.safeParse({ precision: 11 }).success).toBe(false)
    expect(t.checkConfig!({ precision: 0, min: 5, max: 1 })).toEqual([{ path: ['min'], message: 'min must not exceed max' }])
    expect(t.checkConfig!({ precision: 0, min: 1, max: 5 })).toEqual([])
  })

  it('validates bounds on input and refuses more decimals than the precision, never rounding', () => {
    const config = t.config.parse({ precision: 2, min: 0, max: 100 })
    const input = t.input!(config)
    expect(input.safeParse(99.99).success).toBe(true)
    for (const bad of [-1, 101, Infinity, Number.NaN, '5', 99.999, 1.236, 0.1 + 0.2]) expect(input.safeParse(bad).success, String(bad)).toBe(false)
    const refused = input.safeParse(1.236)
    expect(refused.success ? '' : refused.error.issues[0]?.message).toMatch(/at most 2 decimal places.*precision is 2/)
    expect(t.encode!(1.5, config)).toBe('1.50')
    expect(t.input!(t.config.parse({ precision: 0 })).safeParse(250.5).success).toBe(false)
  })

  it('keeps any value as given when the column has no precision', () => {
    const config = t.config.parse({})
    for (const v of [250.5, 0.1 + 0.2, 1e21, 5e-7, -0.004, 9007199254740991]) expect(t.input!(config).safeParse(v).success, String(v)).toBe(true)
    expect(t.encode!(7, config)).toBe('7')
    expect(t.encode!(250.5, config)).toBe('250.5')
    expect(t.encode!(5e-7, config)).toBe('5e-7')
  })

  it('binds filter values as parameters', () => {
    const q = new PgDialect().sqlToQuery(t.operators.gt!.build(sql`"f_x"`, 123.5, { precision: 0 }))
    expect(q.sql).toBe('"f_x" > $1::numeric')
    expect(q.params).toEqual(['123.5'])
  })
})
