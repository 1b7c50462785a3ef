import { describe, it, expect } from 'vitest'
import { PgDialect } from 'drizzle-orm/pg-core'
import { sql } from '@docpal/plugin-sdk'
import { dateFieldType as t } from '../src/server/index.ts'

const dateOnly = t.config.parse({})
const withTime = t.config.parse({ includeTime: true })
const compile = (name: string, value: unknown, config: unknown) =>
  new PgDialect().sqlToQuery(t.operators[name]!.build(sql`"f_x"`, t.operators[name]!.value!(config).parse(value), config))

describe('date field type', () => {
  it('defaults to a date-only column', () => {
    expect(dateOnly).toEqual({ includeTime: false, format: 'YYYY-MM-DD' })
    expect(t.column(dateOnly)).toBe('date')
    expect(t.column(withTime)).toBe('timestamptz')
  })

  it('accepts real ISO dates only', () => {
    const input = t.input!(dateOnly)
    for (const ok of ['2026-01-31', '2024-02-29', '0001-01-01']) expect(input.safeParse(ok).success, ok).toBe(true)
    for (const bad of ['2026-02-30', '2023-02-29', '0000-01-01', '2026-1-1', '2026-01-01T10:00:00Z', 20260101]) {
      expect(input.safeParse(bad).success, String(bad)).toBe(false)
    }
  })

  it('accepts date-times with an offset and stores them as UTC', () => {
    const input = t.input!(withTime)
    expect(input.safeParse('2026-01-31T09:30:00').success).toBe(false)
    const value = input.parse('2026-01-31T09:30:00+05:30')
    expect(t.encode!(value, withTime)).toBe('2026-01-31T04:00:00.000Z')
    expect(t.encode!(input.parse('2026-01-31'), withTime)).toBe('2026-01-31T00:00:00.000Z')
  })

  it('binds filter values as parameters', () => {
    const on = compile('on', '2026-03-01', withTime)
    expect(on.sql).not.toContain('2026')
    expect(on.params).toEqual(['2026-03-01', '2026-03-01'])
    const between = compile('between', ['2026-03-01', '2026-03-31'], dateOnly)
    expect(between.sql).toBe('"f_x" between $1::date and $2::date')
    expect(between.params).toEqual(['2026-03-01', '2026-03-31'])
    expect(compile('before', '2026-03-01', withTime).sql).toBe('"f_x" < $1::timestamptz')
  })
})
