import { describe, it, expect } from 'vitest'
import { PgDialect } from 'drizzle-orm/pg-core'
import { sql, type SQL } from '@docpal/plugin-sdk'
import { switchFieldType as t } from '../src/server/index.ts'

const compile = (s: SQL) => new PgDialect().sqlToQuery(s)

describe('switch field type', () => {
  it('takes booleans only', () => {
    const input = t.input!(t.config.parse({}))
    expect(input.safeParse(true).success).toBe(true)
    for (const bad of ['true', 1, null]) expect(input.safeParse(bad).success, String(bad)).toBe(false)
    expect(t.encode!(false, {})).toBe('f')
  })

  it('treats an empty switch as off', () => {
    expect(compile(t.operators.is_false!.build(sql`"f_x"`, undefined, {})).sql).toBe('"f_x" is not true')
    expect(compile(t.operators.eq!.build(sql`"f_x"`, false, {})).sql).toBe('"f_x" is false')
  })

  it('binds the words it converts from text as parameters', () => {
    const q = compile(t.castFrom!.text!(sql`"f_x"`, { fromType: 'text', fromConfig: {}, to: {} }))
    expect(q.sql).not.toContain('yes')
    expect(q.params).toContainEqual('{"true","t","yes","y","1","checked","on"}')
  })
})
