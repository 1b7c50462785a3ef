import { describe, it, expect } from 'vitest'
import { PgDialect } from 'drizzle-orm/pg-core'
import { sql } from '@docpal/plugin-sdk'
import { urlFieldType as t } from '../src/server/index.ts'

describe('url field type', () => {
  const input = t.input!(t.config.parse({}))

  it('accepts absolute http, https, ftp and mailto links only', () => {
    for (const ok of ['https://example.com/a?b=1', 'http://x.org', 'ftp://files.example.com/f', 'mailto:a@b.co']) {
      expect(input.safeParse(ok).success, ok).toBe(true)
    }
    for (const bad of ['example.com', 'javascript:alert(1)', '/relative', `https://x.org/${'a'.repeat(2048)}`, 1]) {
      expect(input.safeParse(bad).success, String(bad)).toBe(false)
    }
  })

  it('binds filter values and cast patterns as parameters', () => {
    const dialect = new PgDialect()
    const q = dialect.sqlToQuery(t.operators.starts_with!.build(sql`"f_x"`, 'https://', {}))
    expect(q.sql).not.toContain('https')
    expect(q.params).toEqual(['https://%'])
    const cast = dialect.sqlToQuery(t.castFrom!.text!(sql`"f_x"`, { fromType: 'text', fromConfig: {}, to: {} }))
    expect(cast.sql).not.toContain('ftp')
  })
})
