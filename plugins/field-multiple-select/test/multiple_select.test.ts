import { describe, it, expect } from 'vitest'
import { PgDialect } from 'drizzle-orm/pg-core'
import { sql } from '@docpal/plugin-sdk'
import { multipleSelectFieldType as t } from '../src/server/index.ts'

const config = t.config.parse({
  options: [
    { id: 'red', label: 'Red' },
    { id: 'blue', label: 'Blue' },
  ],
})

describe('multiple_select field type', () => {
  it('defaults to no options', () => {
    expect(t.config.parse({})).toEqual({ options: [] })
  })

  it('accepts distinct option ids only', () => {
    const input = t.input!(config)
    expect(input.safeParse(['red', 'blue']).success).toBe(true)
    expect(input.safeParse([]).success).toBe(true)
    for (const bad of [['red', 'red'], ['green'], 'red']) expect(input.safeParse(bad).success, String(bad)).toBe(false)
    expect(t.encode!(['red', 'blue'], config)).toBe('{"red","blue"}')
  })

  it('binds filter values as parameters', () => {
    const q = new PgDialect().sqlToQuery(t.operators.has_none!.build(sql`"f_x"`, ['red'], config))
    expect(q.sql).toBe('not coalesce("f_x" && $1::text[], false)')
    expect(q.params).toEqual(['{"red"}'])
  })
})
