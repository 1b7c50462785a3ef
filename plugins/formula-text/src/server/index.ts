import { argTextOrEmpty, bind, clampInt, defineFormulaFunction, defineServerPlugin, nullOf, sql } from '@docpal/plugin-sdk'
import type { AnyFormulaFunction, FormulaArg, SQL } from '@docpal/plugin-sdk'
import { formulaFunctionsExtensionPoint } from '@docpal/plugin-field-formula/extension'
import { formulaTextPlugin } from '../manifest.ts'

/*
 * Text functions. Positions are 1-based and counted in characters, as in Airtable. Counts and
 * positions are clamped to sensible ranges, so no argument value makes PostgreSQL raise
 * (negative substring lengths, integer overflow, a REPT beyond 100,000 characters gives blank, which
 * also bounds what a CONCAT of REPTs builds before field-formula's own bound on the result).
 */

const text = () => 'text' as const
const str = (name: string) => ({ name, type: 'text' }) as const
const int = (name: string) => ({ name, type: 'number' }) as const
const MAX_INT = 1_000_000_000
const MAX_REPT = 100_000

/** A character count: an integer in [0, 1e9]. */
const count = (a: FormulaArg) => clampInt(sql`trunc(${a.sql})`, 0, MAX_INT)
/** A 1-based position: an integer in [1, 1e9]. */
const position = (a: FormulaArg | undefined) => (a === undefined ? sql`1` : clampInt(sql`trunc(${a.sql})`, 1, MAX_INT))

/** Escapes a text for use as a literal inside a POSIX regular expression. */
const regexLiteral = (t: SQL) => sql`regexp_replace(${t}, '([][!$()*+.:<=>?\\\\^{|}-])', '\\\\\\1', 'g')`

function find(name: 'FIND' | 'SEARCH', fold: (s: SQL) => SQL, absent: SQL, description: string): AnyFormulaFunction {
  return defineFormulaFunction({
    name,
    description,
    params: [str('stringToFind'), str('whereToSearch'), { name: 'startFromPosition', type: 'number', optional: true }],
    returns: () => 'number',
    compile: ([needle, hay, start]) =>
      bind(
        [fold(needle.sql), fold(hay.sql), position(start)],
        ([n, h, s]) => sql`case
        when ${n} is null or ${n} = '' or ${h} is null or ${s} is null then ${absent}
        else coalesce(nullif(strpos(substr(${h}, ${s}), ${n}), 0) + ${s} - 1, ${absent}) end`,
      ),
  })
}

export const textFunctions: AnyFormulaFunction[] = [
  defineFormulaFunction({
    name: 'CONCAT',
    description: 'Joins the values as text; blanks count as empty text.',
    params: [{ name: 'value', type: 'any' }],
    variadic: true,
    returns: text,
    compile: (args) => sql`(${sql.join(args.map(argTextOrEmpty), sql` || `)})`,
  }),
  defineFormulaFunction({ name: 'UPPER', params: [str('string')], returns: text, compile: ([s]) => sql`upper(${s.sql})` }),
  defineFormulaFunction({ name: 'LOWER', params: [str('string')], returns: text, compile: ([s]) => sql`lower(${s.sql})` }),
  defineFormulaFunction({
    name: 'LEN',
    description: 'The number of characters; 0 for blank.',
    params: [str('string')],
    returns: () => 'number',
    compile: ([s]) => sql`length(coalesce(${s.sql}, ''))::numeric`,
  }),
  defineFormulaFunction({
    name: 'LEFT',
    description: 'The first howMany characters.',
    params: [str('string'), int('howMany')],
    returns: text,
    compile: ([s, n]) => sql`left(${s.sql}, ${count(n)})`,
  }),
  defineFormulaFunction({
    name: 'RIGHT',
    description: 'The last howMany characters.',
    params: [str('string'), int('howMany')],
    returns: text,
    compile: ([s, n]) => sql`right(${s.sql}, ${count(n)})`,
  }),
  defineFormulaFunction({
    name: 'MID',
    description: "count characters from position start (1-based): MID('hello', 2, 3) = 'ell'.",
    params: [str('string'), int('whereToStart'), int('count')],
    returns: text,
    compile: ([s, start, n]) => sql`substr(${s.sql}, ${position(start)}, ${count(n)})`,
  }),
  defineFormulaFunction({
    name: 'TRIM',
    description: 'Removes whitespace at the start and end.',
    params: [str('string')],
    returns: text,
    compile: ([s]) => sql`regexp_replace(${s.sql}, '^\\s+|\\s+$', '', 'g')`,
  }),
  defineFormulaFunction({
    name: 'SUBSTITUTE',
    description: 'Replaces old_text by new_text everywhere, or only its index-th occurrence; case-sensitive.',
    params: [str('string'), str('old_text'), str('new_text'), { name: 'index', type: 'number', optional: true }],
    returns: text,
    compile: ([s, from, to, index]) => {
      if (index === undefined) return sql`replace(${s.sql}, ${from.sql}, coalesce(${to.sql}, ''))`
      return bind(
        [from.sql, clampInt(sql`trunc(${index.sql})`, 0, MAX_INT), s.sql],
        ([f, i, src]) => sql`case
        when ${f} is null or ${f} = '' or ${i} < 1 then ${src}
        else regexp_replace(${src}, ${regexLiteral(f)}, replace(coalesce(${to.sql}, ''), '\\', '\\\\'), 1, ${i}) end`,
      )
    },
  }),
  defineFormulaFunction({
    name: 'REPLACE',
    description: "Replaces count characters from position start (1-based) by replacement: REPLACE('hello', 2, 3, 'X') = 'hXo'.",
    params: [str('string'), int('start_character'), int('number_of_characters'), str('replacement')],
    returns: text,
    compile: ([s, start, n, r]) => sql`overlay(${s.sql} placing coalesce(${r.sql}, '') from ${position(start)} for ${count(n)})`,
  }),
  find('FIND', (s) => s, sql`0::numeric`, 'Position (1-based) of stringToFind in whereToSearch, case-sensitive; 0 when absent.'),
  find('SEARCH', (s) => sql`lower(${s})`, sql`null::numeric`, 'Position (1-based) of stringToFind in whereToSearch, ignoring case; blank when absent.'),
  defineFormulaFunction({
    name: 'REPT',
    description: 'The text repeated number times; blank beyond 100,000 characters.',
    params: [str('string'), int('number')],
    returns: text,
    compile: ([s, n]) =>
      bind([s.sql, clampInt(sql`trunc(${n.sql})`, 0, MAX_REPT)], ([t, k]) => sql`case when length(${t})::bigint * ${k} <= ${MAX_REPT}::int then repeat(${t}, ${k}) end`),
  }),
  defineFormulaFunction({
    name: 'T',
    description: 'The value when it is text, else blank.',
    params: [{ name: 'value', type: 'any' }],
    returns: text,
    compile: ([v]) => (v.type === 'text' ? v.sql : nullOf('text')),
  }),
]

// The formula plugin takes functions through its extension point (declared in dependsOn too).
export default defineServerPlugin(formulaTextPlugin, {
  deps: { formulas: formulaFunctionsExtensionPoint },
  setup: (_ctx, { formulas }) => formulas.add(textFunctions),
})
