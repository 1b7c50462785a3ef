import { describe, it, expect } from 'vitest'
import { PgDialect } from 'drizzle-orm/pg-core'
import { sql, type SQL } from '@docpal/plugin-sdk'
import { textFieldType as t } from '../src/server/index.ts'

const compile = (s: SQL) => new PgDialect().sqlToQuery(s)
const col = sql`"f_x"`

describe('text field type', () => {
  it('defaults maxLength and enforces it on input', () => {
    const config = t.config.parse({})
    expect(config).toEqual({ maxLength: 10_000 })
    expect(t.input!({ maxLength: 3 }).safeParse('abc').success).toBe(true)
    expect(t.input!({ maxLength: 3 }).safeParse('abcd').success).toBe(false)
    expect(t.input!(config).safeParse(42).success).toBe(false)
    expect(t.config.safeParse({ maxLength: 0 }).success).toBe(false)
  })

  it('binds filter values as parameters', () => {
    const evil = "x'; drop table t --"
    const q = compile(t.operators.contains!.build(col, evil, { maxLength: 10 }))
    expect(q.sql).not.toContain('drop table')
    expect(q.params).toContain(`%${evil}%`)
  })

  it('leaves values longer than a shrunk maxLength unconverted instead of cutting them', () => {
    const cast = t.castFrom!['*']!(col, { fromType: 'text', fromConfig: { maxLength: 10 }, to: { maxLength: 3 } })
    const q = compile(cast)
    expect(q.sql).toMatch(/case when length\(docpal_v\) <= \$1::int then docpal_v end/)
    expect(q.params).toEqual([3])
  })
})
