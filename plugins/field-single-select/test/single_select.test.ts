import { describe, it, expect } from 'vitest'
import { PgDialect } from 'drizzle-orm/pg-core'
import { sql } from '@docpal/plugin-sdk'
import { singleSelectFieldType as t } from '../src/server/index.ts'

const config = t.config.parse({
  options: [
    { id: 'todo', label: 'To do' },
    { id: 'done', label: 'Done', color: 'green' },
  ],
})

describe('single_select field type', () => {
  it('defaults to no options and rejects duplicate ids and labels', () => {
    expect(t.config.parse({})).toEqual({ options: [] })
    expect(t.config.safeParse({ options: [{ id: 'a b', label: 'x' }] }).success).toBe(false)
    const dup = t.config.parse({
      options: [
        { id: 'a', label: 'Same' },
        { id: 'a', label: 'same' },
      ],
    })
    expect(t.checkConfig!(dup).map((i) => i.path)).toEqual([
      ['options', 1, 'id'],
      ['options', 1, 'label'],
    ])
  })

  it('accepts an option id or label (ignoring case), answers the id, and names the valid ones', () => {
    const input = t.input!(config)
    expect(input.safeParse('done').data).toBe('done')
    expect(input.safeParse('Done').data).toBe('done')
    expect(input.safeParse('DONE').data).toBe('done')
    const bad = input.safeParse('Finished')
    expect(bad.success).toBe(false)
    expect(bad.error?.issues[0]?.message).toBe('not an option; give one of To do, Done (or an option id)')
  })

  it('searches labels: the options whose label contains the text, as ids; none: not searched', () => {
    const dialect = new PgDialect()
    const q = dialect.sqlToQuery(t.search!(sql`"f_x"`, { text: 'DO', pattern: '%DO%' }, config)!)
    expect(q.sql).toBe('"f_x" = any($1::text[])')
    expect(q.params).toEqual(['{"todo","done"}'])
    expect(t.search!(sql`"f_x"`, { text: 'xyz', pattern: '%xyz%' }, config)).toBeUndefined()
  })

  it('binds filter values and option lists as parameters', () => {
    const dialect = new PgDialect()
    const q = dialect.sqlToQuery(t.operators.in!.build(sql`"f_x"`, ['todo', 'done'], config))
    expect(q.sql).toBe('"f_x" = any($1::text[])')
    expect(q.params).toEqual(['{"todo","done"}'])
    const sort = dialect.sqlToQuery(t.sortKey!(sql`"f_x"`, config))
    expect(sort.sql).not.toContain('todo')
  })
})
