import { describe, expect, it } from 'vitest'
import { PgDialect } from 'drizzle-orm/pg-core'
import { sql } from '@docpal/plugin-sdk'
import type { FieldScope } from '@docpal/plugin-sdk'
import { formulaFieldType as t, formulaType, compileFormula } from '../src/server/index.ts'
import { fakeScope } from './fake-scope.ts'

const dialect = new PgDialect()
const scope = fakeScope({
  price: { expr: sql`t.price`, valueType: 'number' },
  quantity: { expr: sql`t.qty`, valueType: 'number' },
  name: { expr: sql`t.name`, valueType: 'text' },
  due: { expr: sql`t.due`, valueType: 'date' },
  at: { expr: sql`t.at`, valueType: 'datetime' },
  done: { expr: sql`t.done`, valueType: 'boolean' },
  tags: { expr: sql`t.tags`, valueType: 'text[]' },
  blob: { valueType: undefined },
  loop: { throws: 'formula cycle: loop -> other -> loop' },
  broken: { throws: 'boom' },
})

const issues = (formula: string, s: FieldScope | undefined = scope) => t.checkConfig!({ formula }, s)
const message = (formula: string) => issues(formula)[0]?.message

describe('type checker', () => {
  it('types operators', () => {
    expect(formulaType('{price} * {quantity}', scope)).toBe('number')
    expect(formulaType("{name} & ' ' & {price}", scope)).toBe('text')
    expect(formulaType('{due} + 1', scope)).toBe('date')
    expect(formulaType('{at} - 1', scope)).toBe('datetime')
    expect(formulaType('{due} - {at}', scope)).toBe('number')
    expect(formulaType('{due} < {at}', scope)).toBe('boolean')
    expect(formulaType('{done} = TRUE', scope)).toBe('boolean')
    expect(formulaType('-{price}', scope)).toBe('number')
  })

  it('types function calls through the scope', () => {
    expect(formulaType('round({price} * 1.2, 2)', scope)).toBe('number')
    expect(formulaType("IF({done}, 'yes', 'no')", scope)).toBe('text')
    expect(formulaType('IF({done}, 1, 2)', scope)).toBe('number')
    expect(formulaType('IF({done}, 1, BLANK())', scope)).toBe('text')
    expect(formulaType('IF({done}, {due}, {at})', scope)).toBe('datetime')
    expect(formulaType('ARRAYUNIQUE({tags})', scope)).toBe('text[]')
    expect(formulaType("DATETIME_DIFF({due}, {at}, 'days')", scope)).toBe('number')
    expect(formulaType('SUM({price}, 1, 2, 3)', scope)).toBe('number')
  })

  it('reports problems with positions', () => {
    expect(message('{prise} * 2')).toBe('unknown field {prise} at 1:1')
    expect(message('2 * FOO(1)')).toBe('unknown function FOO at 1:5')
    expect(message('ROUND()')).toBe('expected 1 to 2 arguments for ROUND, got 0 at 1:1')
    expect(message('ABS(1, 2)')).toBe('expected 1 argument for ABS, got 2 at 1:1')
    expect(message('SUM()')).toBe('expected at least 1 argument for SUM, got 0 at 1:1')
    expect(message("ROUND('a', 1)")).toBe('ROUND expects number for value, got text at 1:7')
    expect(message('ABS({price} & 1)')).toBe('ABS expects number for value, got text at 1:5')
    expect(message("{price} + 'a'")).toBe('cannot apply + to number and text (use & to join text) at 1:9')
    expect(message("{price} = 'a'")).toBe('cannot compare number with text at 1:9')
    expect(message('{tags} < {tags}')).toBe('cannot order text[] values with < at 1:8')
    expect(message("-'a'")).toBe('cannot apply unary - to text at 1:1')
    expect(message('{blob} & 1')).toBe('field {blob} cannot be used in formulas at 1:1')
    expect(message("SWITCH({price}, 'a', 1)")).toBe('SWITCH: pattern 1 is text but the expression is number at 1:1')
    expect(message('ROUND({price}, 1')).toBe("expected ',' or ')', found end of formula at 1:17")
  })

  it('turns a cycle thrown by the scope into an issue naming the path', () => {
    expect(issues('1 + {loop}')).toEqual([{ path: ['formula'], message: 'formula cycle: loop -> other -> loop' }])
    expect(message('{broken}')).toBe('field {broken} cannot be resolved: boom at 1:1')
  })

  it('checks only the syntax without a scope, and accepts valid formulas', () => {
    expect(t.checkConfig!({ formula: '{whatever} + 1' })).toEqual([])
    expect(t.checkConfig!({ formula: '1 +' })).toEqual([{ path: ['formula'], message: 'unexpected end of formula at 1:4' }])
    expect(issues('{price} * {quantity}')).toEqual([])
  })

  it('bounds the config', () => {
    expect(t.config.safeParse({ formula: 'x'.repeat(20_001) }).success).toBe(false)
    expect(t.config.safeParse({ formula: '' }).success).toBe(false)
    expect(t.column({ formula: '1' })).toBeNull()
    expect(t.dependsOn!({ formula: '{a}' })).toEqual([])
    expect(t.valueType!({ formula: '{price} & 1' }, scope)).toBe('text')
    expect(t.valueType!({ formula: '{nope}' }, scope)).toBeUndefined()
  })
})

describe('compilation', () => {
  const q = (formula: string) => dialect.sqlToQuery(compileFormula(formula, scope).sql)

  it('binds literals as parameters and uses field expressions', () => {
    const r = q("{price} * 1.5 & 'x'")
    expect(r.params).toEqual(['1.5', 'x'])
    expect(r.sql).toContain('t.price')
    expect(r.sql).toContain('$1::numeric')
    expect(r.sql).toContain('$2::text')
  })

  it('keeps hostile strings and field names out of the SQL text', () => {
    const hostile = "'); drop table apps; --"
    const r = q(`"${hostile}" & {name}`)
    expect(r.sql).not.toContain('drop table')
    expect(r.params).toEqual([hostile])
  })

  it('divides with nullif and concatenates blanks as empty text', () => {
    expect(q('{price} / {quantity}').sql).toBe('trim_scale((t.price) / nullif((t.qty), 0))')
    expect(q('{name} & {name}').sql).toBe("(coalesce((t.name), '') || coalesce((t.name), ''))")
  })

  it('expression() throws on an invalid formula (the config check refuses it first)', () => {
    expect(() => t.expression!({ formula: '{nope}' }, scope)).toThrow('unknown field {nope} at 1:1')
  })
})

describe('operators', () => {
  const build = (op: string, value: unknown, formula: string, s?: FieldScope) => {
    const r = dialect.sqlToQuery(t.operators[op]!.build(sql`(f)`, value, { formula }, s))
    return { sql: r.sql, params: r.params }
  }

  it('casts filter values to the result type when the scope is given', () => {
    expect(build('gt', 5, '{price} * 2', scope)).toEqual({ sql: '((f)) > $1::numeric', params: ['5'] })
    expect(build('eq', '2026-01-31', '{due} + 1', scope)).toEqual({ sql: '((f)) = $1::date', params: ['2026-01-31'] })
    expect(build('eq', 'abc', '{price}', scope)).toEqual({ sql: 'false', params: [] })
    expect(build('neq', 'abc', '{price}', scope)).toEqual({ sql: 'true', params: [] })
    expect(build('eq', 'x', '{name}', scope)).toEqual({ sql: '((f)) = $1::text', params: ['x'] })
    expect(build('contains', '50%', '{price}', scope).params).toEqual(['%50\\%%'])
    expect(build('is_true', undefined, '{done}', scope).sql).toBe('coalesce((f), false)')
    expect(build('is_empty', undefined, '{name}', scope).sql).toBe("(coalesce((f), '') = '')")
  })

  it('lets PostgreSQL type the value after the expression without a scope', () => {
    expect(build('eq', 5, '{price}')).toEqual({ sql: '((f)) = $1', params: ['5'] })
    expect(build('starts_with', 'a_', '{name}')).toEqual({ sql: '((f))::text ilike $1', params: ['a\\_%'] })
  })

  it('validates values', () => {
    expect(t.operators.eq!.value!({ formula: '1' }).safeParse({}).success).toBe(false)
    expect(t.operators.contains!.value!({ formula: '1' }).safeParse(5).success).toBe(false)
  })
})
