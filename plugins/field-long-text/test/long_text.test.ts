import { describe, it, expect } from 'vitest'
import { PgDialect } from 'drizzle-orm/pg-core'
import { sql } from '@docpal/plugin-sdk'
import { longTextFieldType as t } from '../src/server/index.ts'

describe('long_text field type', () => {
  it('defaults to a million characters', () => {
    const config = t.config.parse({})
    expect(config).toEqual({ maxLength: 1_000_000 })
    expect(t.input!(config).safeParse('a'.repeat(20_000)).success).toBe(true)
    expect(t.input!({ maxLength: 5 }).safeParse('a'.repeat(6)).success).toBe(false)
  })

  it('binds filter values as parameters', () => {
    const q = new PgDialect().sqlToQuery(t.operators.eq!.build(sql`"f_x"`, "it's", { maxLength: 10 }))
    expect(q.sql).not.toContain("it's")
    expect(q.params).toEqual(["it's"])
  })
})
