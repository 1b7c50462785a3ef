import { describe, it, expect } from 'vitest'
import { PgDialect } from 'drizzle-orm/pg-core'
import { sql } from '@docpal/plugin-sdk'
import { emailFieldType as t } from '../src/server/index.ts'

describe('email field type', () => {
  const input = t.input!(t.config.parse({}))

  it('accepts addresses and rejects anything else', () => {
    expect(input.safeParse('ada@example.com').success).toBe(true)
    for (const bad of ['ada', 'ada@example', 'a b@example.com', `${'a'.repeat(320)}@example.com`, null]) {
      expect(input.safeParse(bad).success, String(bad)).toBe(false)
    }
  })

  it('binds filter values as parameters', () => {
    const q = new PgDialect().sqlToQuery(t.operators.ends_with!.build(sql`"f_x"`, '@example.com', {}))
    expect(q.sql).not.toContain('example')
    expect(q.params).toEqual(['%@example.com'])
  })
})
