import { describe, it, expect } from 'vitest'
import { PgDialect } from 'drizzle-orm/pg-core'
import { sql } from '@docpal/plugin-sdk'
import { numberFieldType as t } from '../src/server/index.ts'

describe('number field type', () => {
  it('defaults precision to 0 and rejects min above max', () => {
    expect(t.config.parse({})).toEqual({ precision: 0 })
    expect(t.config.safeParse({ precision: 11 }).success).toBe(false)
    expect(t.checkConfig!({ precision: 0, min: 5, max: 1 })).toEqual([{ path: ['min'], message: 'min must not exceed max' }])
    expect(t.checkConfig!({ precision: 0, min: 1, max: 5 })).toEqual([])
  })

  it('validates bounds on input and rounds to the precision on encode', () => {
    const config = t.config.parse({ precision: 2, min: 0, max: 100 })
    const input = t.input!(config)
    expect(input.safeParse(99.999).success).toBe(true)
    for (const bad of [-1, 101, Infinity, Number.NaN, '5']) expect(input.safeParse(bad).success, String(bad)).toBe(false)
    expect(t.encode!(1.236, config)).toBe('1.24')
    expect(t.encode!(7, t.config.parse({}))).toBe('7')
  })

  it('binds filter values as parameters', () => {
    const q = new PgDialect().sqlToQuery(t.operators.gt!.build(sql`"f_x"`, 123.5, { precision: 0 }))
    expect(q.sql).toBe('"f_x" > $1::numeric')
    expect(q.params).toEqual(['123.5'])
  })
})
