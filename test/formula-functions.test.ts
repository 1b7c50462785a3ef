import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openPglite, openPostgres, type Database } from '@docpal/kernel'
import { sql } from '@docpal/plugin-sdk'
import type { FormulaParam, FormulaValueType } from '@docpal/plugin-sdk'
import { compileFormula, formulaFieldType } from '../plugins/field-formula/src/server/index.ts'
import { ALL_FUNCTIONS, fakeScope } from '../plugins/field-formula/test/fake-scope.ts'

/**
 * The SQL of every formula function and operator, run on the database of this project
 * (PostgreSQL or PGlite): results as Airtable gives them, and no input value that makes a
 * function raise. Only `select` expressions: nothing is created.
 */

let db: Database
beforeAll(async () => {
  db =
    process.env['DOCPAL_TEST_DB'] === 'pglite' ? await openPglite() : openPostgres(process.env['DOCPAL_TEST_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres', { max: 2 })
})
afterAll(async () => {
  await db?.close()
})

const scope = fakeScope({
  n: { expr: sql`null::numeric`, valueType: 'number' },
  price: { expr: sql`12.5::numeric`, valueType: 'number' },
  qty: { expr: sql`4::numeric`, valueType: 'number' },
  zero: { expr: sql`0::numeric`, valueType: 'number' },
  s: { expr: sql`'Hello'::text`, valueType: 'text' },
  e: { expr: sql`null::text`, valueType: 'text' },
  yes: { expr: sql`true`, valueType: 'boolean' },
  b: { expr: sql`null::boolean`, valueType: 'boolean' },
  d: { expr: sql`'2024-03-15'::date`, valueType: 'date' },
  dmin: { expr: sql`'0001-01-01'::date`, valueType: 'date' },
  dmax: { expr: sql`'9999-12-31'::date`, valueType: 'date' },
  dnull: { expr: sql`null::date`, valueType: 'date' },
  at: { expr: sql`'2024-03-15 10:30:00+00'::timestamptz`, valueType: 'datetime' },
  atmax: { expr: sql`'9999-12-31 23:59:59+00'::timestamptz`, valueType: 'datetime' },
  atmin: { expr: sql`'0001-01-01 00:00:00+00'::timestamptz`, valueType: 'datetime' },
  tags: { expr: sql`array['b', 'a', null, '', 'b']::text[]`, valueType: 'text[]' },
  tagsnull: { expr: sql`null::text[]`, valueType: 'text[]' },
  nums: { expr: sql`array[3, 1, null, 3.50]::numeric[]`, valueType: 'number[]' },
  dates: { expr: sql`array['2024-01-02', null]::date[]`, valueType: 'date[]' },
  flags: { expr: sql`array[true, false, true]::boolean[]`, valueType: 'boolean[]' },
})

async function value(formula: string): Promise<unknown> {
  const { sql: expr } = compileFormula(formula, scope)
  const rows = await db.query<{ v: unknown }>(sql`select ${expr} as v`)
  return rows[0]!.v
}

/** Values as both drivers hand them: numeric and dates as text, booleans as booleans. */
const CASES: ReadonlyArray<readonly [string, unknown]> = [
  // operators
  ['{price} * {qty}', '50.0'],
  ['1 + 2 * 3', '7'],
  ['-{price} + 1', '-11.5'],
  ['10 / 4', '2.5'],
  ['1 / 0', null],
  ['{price} / {zero}', null],
  ['{n} + 1', null],
  ["{s} & ' ' & {e} & 1.50 & TRUE", 'Hello 1.5true'],
  ['{e} & {e}', ''],
  ["{d} & ''", '2024-03-15'],
  ["{at} & ''", '2024-03-15T10:30:00.000Z'],
  ["{nums} & ''", '3, 1, 3.5'],
  ['{d} + 1', '2024-03-16'],
  ['{d} - 15', '2024-02-29'],
  ['{d} + 1e9', null],
  ['{dmax} + 1000000', '12737-11-27'],
  ['{dmax} + 1000001', null],
  ['{at} + 0.5', '2024-03-15 22:30:00+00'],
  ['{d} - {dmin}', '738959'],
  ['{at} - {d}', '0.4375'],
  ['{price} > 10', true],
  ['{price} = {n}', null],
  ["{s} = 'Hello'", true],
  ["{s} != 'hello'", true],
  ["{s} < 'World'", true],
  ['{d} < {at}', true],
  ['{yes} = TRUE', true],
  // math
  ['ROUND(2.345, 2)', '2.35'],
  ['ROUND(-2.5)', '-3'],
  ['ROUND(1234.5, -2)', '1200'],
  ['ROUND(1, {n})', null],
  ['ROUND(1.5, 1e9)', '1.5' + '0'.repeat(999)],
  ['ROUNDUP(2.341, 2)', '2.35'],
  ['ROUNDUP(-2.341, 1)', '-2.4'],
  ['ROUNDUP(2, 1)', '2.0'],
  ['ROUNDDOWN(-2.349, 2)', '-2.34'],
  ['ABS(-3)', '3'],
  ['CEILING(2.1)', '3'],
  ['CEILING(2.1, 0.5)', '2.5'],
  ['FLOOR(-2.1)', '-3'],
  ['FLOOR(7, 0)', null],
  ['INT(-1.5)', '-2'],
  ['MOD(7, 3)', '1'],
  ['MOD(-7, 3)', '-1'],
  ['MOD(7, 0)', null],
  ['POWER(2, 10)', '1024'],
  ['POWER(4, 0.5)', '2'],
  ['POWER(0, -1)', null],
  ['POWER(-8, 1/3)', null],
  ['POWER(-2, 3)', '-8'],
  ['POWER(10, 5000)', null],
  ['POWER(-1, 1e20)', '1'],
  ['SQRT(16)', '4'],
  ['SQRT(-1)', null],
  ['EXP(0)', '1'],
  ['EXP(1e6)', null],
  ['LOG(1000)', '3'],
  ['LOG(8, 2)', '3'],
  ['LOG(0)', null],
  ['LOG(10, 1)', null],
  ['MIN(3, {n}, 1)', '1'],
  ['MAX(3, {nums}, 7)', '7'],
  ['MAX({nums})', '3.50'],
  ['SUM(1, 2, {n})', '3'],
  ['SUM({n})', '0'],
  ['SUM({nums}, 1)', '8.50'],
  ['AVERAGE(1, 2, {n})', '1.5'],
  ['AVERAGE({n})', null],
  ["VALUE('12.5')", '12.5'],
  ["VALUE(' $1,000.50 ')", '1000.50'],
  ["VALUE('abc')", null],
  ["VALUE('1e99999')", null],
  ["VALUE('')", null],
  // text
  ["CONCAT('a', {e}, 1, TRUE)", 'a1true'],
  ["UPPER('abc')", 'ABC'],
  ['LOWER({s})', 'hello'],
  ['LEN({s})', '5'],
  ['LEN({e})', '0'],
  ["LEFT('hello', 2)", 'he'],
  ["LEFT('hello', -1)", ''],
  ["RIGHT('hello', 3)", 'llo'],
  ["RIGHT('hello', 1e20)", 'hello'],
  ["MID('hello', 2, 3)", 'ell'],
  ["MID('hello', 0, 2)", 'he'],
  ["MID('hello', 2, -1)", ''],
  ["TRIM('  a b \n')", 'a b'],
  ["SUBSTITUTE('a.b.c', '.', '-')", 'a-b-c'],
  ["SUBSTITUTE('a.b.c', '.', '\\\\1&', 2)", 'a.b\\1&c'],
  ["SUBSTITUTE('a.b.c', '.', '-', 5)", 'a.b.c'],
  ["SUBSTITUTE('a.b.c', '', '-')", 'a.b.c'],
  ["REPLACE('hello', 2, 3, 'X')", 'hXo'],
  ["REPLACE('hello', -5, 1e12, 'X')", 'X'],
  ["FIND('l', 'hello')", '3'],
  ["FIND('l', 'hello', 4)", '4'],
  ["FIND('L', 'hello')", '0'],
  ["FIND('z', {e})", '0'],
  ["SEARCH('L', 'hello')", '3'],
  ["SEARCH('z', 'hello')", null],
  ["REPT('ab', 3)", 'ababab'],
  ["REPT('ab', -1)", ''],
  ["REPT('ab', 1e12)", null],
  ["T('x')", 'x'],
  ['T(5)', null],
  // logic
  ["IF({price} > 10, 'big', 'small')", 'big'],
  ["IF({n}, 'yes', 'no')", 'no'],
  ["IF('', 'yes', 'no')", 'no'],
  ['IF({yes}, 1)', '1'],
  ['IF(FALSE, 1)', null],
  ['IF(TRUE, {d}, {at})', '2024-03-15 00:00:00+00'],
  ["IF(TRUE, 1, 'x')", '1'],
  ["SWITCH(2, 1, 'one', 2, 'two', 'many')", 'two'],
  ["SWITCH(9, 1, 'one', 'many')", 'many'],
  ["SWITCH(9, 1, 'one')", null],
  ['AND(TRUE, 1, {s})', true],
  ['AND(TRUE, {b})', false],
  ['OR(FALSE, {n}, 0)', false],
  ["OR(FALSE, 'x')", true],
  ['XOR(TRUE, TRUE, TRUE)', true],
  ['XOR(TRUE, TRUE)', false],
  ['NOT({b})', true],
  ['BLANK()', null],
  ["ERROR('bad')", null],
  ['ISBLANK({e})', true],
  ["ISBLANK('')", true],
  ['ISBLANK(0)', false],
  ['ISBLANK({tagsnull})', true],
  // dates
  ["DATETIME_DIFF({at}, {d}, 'hours')", '10'],
  ["DATETIME_DIFF({d}, {at}, 'h')", '-10'],
  ['DATETIME_DIFF({at}, {d})', '37800'],
  ["DATE_DIFF({d}, {dmin}, 'days')", '738959'],
  ["DATETIME_DIFF({d}, DATETIME_PARSE('2023-01-20'), 'M')", '13'],
  ["DATETIME_DIFF({d}, DATETIME_PARSE('2023-01-20'), 'years')", '1'],
  ["DATETIME_DIFF({d}, DATETIME_PARSE('2023-01-20'), 'Q')", '4'],
  ["DATETIME_DIFF({d}, {d}, 'fortnights')", null],
  ["DATEADD({d}, 10, 'days')", '2024-03-25 00:00:00+00'],
  ["DATE_ADD({at}, -1, 'months')", '2024-02-15 10:30:00+00'],
  ["DATEADD({at}, 90, 'minutes')", '2024-03-15 12:00:00+00'],
  ["DATEADD({at}, 2, 'w')", '2024-03-29 10:30:00+00'],
  ["DATEADD({atmax}, 1e15, 'years')", null],
  ["DATEADD({d}, 1, 'eons')", null],
  ['YEAR({d})', '2024'],
  ['MONTH({at})', '3'],
  ['DAY({d})', '15'],
  ['HOUR({at})', '10'],
  ['HOUR({d})', '0'],
  ['WEEKDAY({d})', '5'],
  ["WEEKDAY(DATETIME_PARSE('2024-03-17'))", '0'],
  ["WEEKDAY(DATETIME_PARSE('2024-03-17'), 'Monday')", '6'],
  ['WEEKNUM({d})', '11'],
  ["WEEKNUM(DATETIME_PARSE('2024-01-06'))", '1'],
  ["WEEKNUM(DATETIME_PARSE('2024-01-07'))", '2'],
  ["DATETIME_FORMAT({at}, 'DD/MM/YYYY HH:mm')", '15/03/2024 10:30'],
  ["DATETIME_FORMAT({at}, 'dddd, MMMM Do YYYY, h:mm a [at] [YYYY]')", 'Friday, March 15th 2024, 10:30 am at YYYY'],
  ['DATETIME_FORMAT({d}, \'YYYY-MM-DD "Q"Q\')', '2024-03-15 "1"1'],
  ["DATETIME_FORMAT({d}, '[Q]Q YY')", 'Q1 24'],
  ['DATETIME_FORMAT({at})', '2024-03-15T10:30:00.000Z'],
  ['DATETIME_FORMAT({at}, {s})', null],
  ["DATETIME_PARSE('2024-03-15T10:30:00Z')", '2024-03-15 10:30:00+00'],
  ["DATETIME_PARSE('2024-03-15 10:30+02:00')", '2024-03-15 08:30:00+00'],
  ["DATETIME_PARSE('2024-02-30')", null],
  ["DATETIME_PARSE('not a date')", null],
  ["DATETIME_PARSE('31/12/2024 10:30pm', 'DD/MM/YYYY h:mma')", '2024-12-31 22:30:00+00'],
  ["DATETIME_PARSE('15 Mar 24', 'D MMM YY')", '2024-03-15 00:00:00+00'],
  ["DATETIME_PARSE('31/02/2024', 'DD/MM/YYYY')", null],
  ["DATETIME_PARSE('99/99/2024', 'DD/MM/YYYY')", null],
  ["DATETIME_PARSE('2024', 'YYYY')", null],
  ['IS_BEFORE({d}, {at})', true],
  ['IS_AFTER({d}, {at})', false],
  ['IS_AFTER(NOW(), {d})', true],
  ['TODAY() > {d}', true],
  // arrays
  ['ARRAYJOIN({tags})', 'b, a, , b'],
  ["ARRAYJOIN({nums}, ' | ')", '3 | 1 | 3.5'],
  ["ARRAYJOIN({dates}, ';')", '2024-01-02'],
  ['ARRAYJOIN({flags})', 'true, false, true'],
  ['ARRAYJOIN({tagsnull})', null],
  ["ARRAYJOIN(ARRAYUNIQUE({tags}), '/')", 'b/a/'],
  ["ARRAYJOIN(ARRAYCOMPACT({tags}), '/')", 'b/a/b'],
  ['ARRAYJOIN(ARRAYUNIQUE(ARRAYCOMPACT({nums})))', '3, 1, 3.5'],
  ['ISBLANK(ARRAYCOMPACT({tagsnull}))', true],
]

describe(`formula functions on ${process.env['DOCPAL_TEST_DB'] ?? 'postgres'}`, () => {
  it('every function has a case here', () => {
    const used = new Set(CASES.flatMap(([f]) => [...f.matchAll(/([A-Z_]+)\(/g)].map((m) => m[1])))
    expect(ALL_FUNCTIONS.map((f) => f.type).filter((n) => !used.has(n))).toEqual([])
  })

  it('computes what Airtable computes', async () => {
    const wrong: string[] = []
    for (const [formula, expected] of CASES) {
      let got: unknown
      try {
        got = await value(formula)
      } catch (err) {
        got = `ERROR ${(err as Error).message}`
      }
      if (got !== expected) wrong.push(`${formula}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(got)}`)
    }
    expect(wrong).toEqual([])
  })

  // Each parameter of each function gets awkward values (blank, 0, negative, huge, tiny, odd
  // text, calendar edges) while the others keep an ordinary one: no combination may raise.
  it('never raises, whatever the arguments', async () => {
    const samples: Record<FormulaValueType, string[]> = {
      number: ['1', '{n}', '0', '-1', '0.5', '1e100', '-1e100', '1e-100', '123456789012'],
      text: ["'ms'", '{e}', "''", "'abc'", "'%_\\\\'", "'2024-02-30'", "'M'", "'y'", "'monday'", "'-1e5'", "'YYYY [x'"],
      boolean: ['TRUE', '{b}', 'FALSE'],
      date: ['{d}', '{dnull}', '{dmin}', '{dmax}'],
      datetime: ['{at}', '{atmin}', '{atmax}', '{dnull}'],
      'text[]': ['{tags}', '{tagsnull}'],
      'number[]': ['{nums}'],
      'date[]': ['{dates}'],
      'boolean[]': ['{flags}'],
    }
    const typesOf = (p: FormulaParam): FormulaValueType[] => (p.type === 'any' ? ['number', 'text', 'date'] : typeof p.type === 'string' ? [p.type] : [...p.type])
    const failures: string[] = []
    let checked = 0
    for (const fn of ALL_FUNCTIONS) {
      const params = fn.params
      const base = params.map((p) => samples[typesOf(p)[0]!][0]!)
      const calls = new Set<string>()
      params.forEach((p, k) => {
        for (const t of typesOf(p)) {
          for (const sample of samples[t]) calls.add(`${fn.type}(${base.map((b, j) => (j === k ? sample : b)).join(', ')})`)
        }
      })
      if (params.length === 0) calls.add(`${fn.type}()`)
      for (const call of calls) {
        let compiled
        try {
          compiled = compileFormula(call, scope).sql
        } catch {
          continue // refused by the type checker (e.g. SWITCH pattern types): not a run-time concern
        }
        checked++
        try {
          await db.query(sql`select ${compiled} as v`)
        } catch (err) {
          failures.push(`${call}: ${(err as Error).message}`)
        }
      }
    }
    expect(failures).toEqual([])
    expect(checked).toBeGreaterThan(300)
  })

  it('filter operators work with and without a scope on this driver', async () => {
    const test = async (formula: string, op: string, v: unknown, withScope: boolean) => {
      const { sql: expr } = compileFormula(formula, scope)
      const cond = formulaFieldType.operators[op]!.build(expr, v, { formula }, withScope ? scope : undefined)
      return (await db.query<{ v: unknown }>(sql`select (${cond}) as v`))[0]!.v
    }
    for (const withScope of [true, false]) {
      expect(await test('{price} * {qty}', 'eq', 50, withScope)).toBe(true)
      expect(await test('{price} * {qty}', 'gt', '49.5', withScope)).toBe(true)
      expect(await test("{s} & '!'", 'eq', 'Hello!', withScope)).toBe(true)
      expect(await test("{s} & '!'", 'contains', 'LO!', withScope)).toBe(true)
      expect(await test('{d} + 1', 'lt', '2024-03-17', withScope)).toBe(true)
      expect(await test('{d} + 1', 'eq', '2024-03-16', withScope)).toBe(true)
      expect(await test('{price} > 1', 'is_true', undefined, withScope)).toBe(true)
      expect(await test('{price} > 1', 'eq', true, withScope)).toBe(true)
      expect(await test('{n} + 1', 'is_empty', undefined, withScope)).toBe(true)
      expect(await test('{n} + 1', 'neq', 5, withScope)).toBe(true)
    }
    // With the scope a value of the wrong type matches nothing instead of failing the query.
    expect(await test('{price} * {qty}', 'eq', 'abc', true)).toBe(false)
    expect(await test('{d} + 1', 'gt', 'not a date', true)).toBe(false)
  })
})
