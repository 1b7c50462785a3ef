import { ISO_DATE_SOURCE, bind, defineFormulaFunction, defineServerPlugin, literalText, nullOf, present, sql, textOfFormula } from '@docpal/plugin-sdk'
import type { AnyFormulaFunction, FormulaArg, SQL } from '@docpal/plugin-sdk'
import { formulaFunctionsExtensionPoint } from '@docpal/plugin-field-formula/extension'
import { formulaDatePlugin } from '../manifest.ts'
import { parsePattern, toCharPattern } from './format.ts'
import { byUnit } from './units.ts'

/*
 * Date functions. Times are read and shown in UTC (Airtable's default without SET_TIMEZONE).
 * Parameters typed `datetime` also take dates (read as midnight UTC). Unknown units, unreadable
 * text and results outside the calendar give blank, never an error. Formats of DATETIME_FORMAT and
 * DATETIME_PARSE must be written as text literals in the formula (Moment tokens, see format.ts);
 * a computed format gives blank.
 */

const datetime = (name: string) => ({ name, type: 'datetime' }) as const
const dateOrTime = (name: string) => ({ name, type: ['date', 'datetime'] }) as const
const unit = (name = 'unit') => ({ name, type: 'text', optional: true }) as const
const num = () => 'number' as const

/** Days DATEADD may move a date (keeps every result inside PostgreSQL's range). */
const MAX_DAYS = 1_000_000

/** d1 - d2 in the unit, truncated toward zero (Moment's diff). */
function diff([a, b, u]: readonly [FormulaArg, FormulaArg, FormulaArg | undefined]): SQL {
  return bind([a.sql, b.sql, u?.sql ?? sql`'seconds'::text`], ([d1, d2, unit]) =>
    byUnit(unit, (x) => {
      if (x.seconds !== undefined) return sql`trunc(extract(epoch from (${d1} - ${d2})) / ${String(x.seconds)}::numeric)`
      // Calendar months between the two (age() is symbolic and signed), then quarters or years.
      const months = sql`(extract(year from age(${d1}, ${d2})) * 12 + extract(month from age(${d1}, ${d2})))`
      return sql`trunc(${months} / ${String(x.months)}::numeric)`
    }),
  )
}

function add([d, n, u]: readonly [FormulaArg, FormulaArg, FormulaArg]): SQL {
  return bind([d.sql, n.sql, u.sql], ([date, count, unit]) =>
    byUnit(unit, (x) => sql`case when abs(${count}) * ${String(x.days)}::numeric <= ${MAX_DAYS}::numeric then ${date} + ${count} * ${x.interval} end`),
  )
}

const extract = (name: string, field: SQL, description: string): AnyFormulaFunction =>
  defineFormulaFunction({
    name,
    description,
    params: [dateOrTime('date')],
    returns: num,
    compile: ([d]) => sql`extract(${field} from ${d.type === 'date' ? sql`(${d.sql})::timestamp` : sql`(${d.sql} at time zone 'UTC')`})::numeric`,
  })

/** Day of week from Sunday = 0, or from Monday = 0 when startDay is 'Monday'. */
function weekday(d: FormulaArg, start: FormulaArg | undefined): SQL {
  const ts = d.type === 'date' ? d.sql : sql`(${d.sql} at time zone 'UTC')`
  if (start === undefined) return sql`extract(dow from ${ts})::numeric`
  return bind([ts], ([t]) => sql`(case when lower(${start.sql}) = 'monday' then extract(isodow from ${t}) - 1 else extract(dow from ${t}) end)::numeric`)
}

const TIME = '(?:[T ](?:[01][0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9](?:[.][0-9]{1,6})?)?)?'
const ZONE = '(?:Z|[+-](?:[01][0-9]|2[0-3])(?::?[0-5][0-9])?)?'
/** ISO 8601 that ::timestamptz reads without error: a real calendar date, optional time and zone. */
const ISO_DATETIME = `^${ISO_DATE_SOURCE}${TIME}${ZONE}$`

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']

/** Text in a literal Moment format → timestamptz, blank when it does not match or is no real date. */
function parseWithFormat(text: SQL, format: string): SQL {
  const p = parsePattern(format)
  if (p === undefined) return nullOf('datetime')
  const group = (part: string): SQL | undefined => {
    const k = p.parts.indexOf(part as never)
    return k === -1 ? undefined : sql`docpal_m[${k + 1}::int]`
  }
  const asInt = (g: SQL | undefined, fallback: number) => (g === undefined ? sql`${fallback}::int` : sql`(${g})::int`)
  // parsePattern refuses a format without a year (YYYY or YY) or a month (number or name).
  const year4 = group('year')
  const year = year4 ? asInt(year4, 0) : sql`(2000 + (${present(group('year2'), 'the year of a date format')})::int)`
  const monthNumber = group('month')
  const month = monthNumber
    ? asInt(monthNumber, 1)
    : sql`array_position(${'{' + MONTHS.join(',') + '}'}::text[], lower(left(${present(group('monthName'), 'the month of a date format')}, 3)))`
  const day = asInt(group('day'), 1)
  const hour12 = group('hour12')
  const ampm = group('ampm')
  const hour24 = group('hour')
  const hour =
    hour12 !== undefined
      ? sql`(mod((${hour12})::int, 12) + case when lower(${ampm ?? sql`'am'`}) = 'pm' then 12 else 0 end)`
      : ampm !== undefined && hour24 !== undefined
        ? sql`(mod((${hour24})::int, 12) + case when lower(${ampm}) = 'pm' then 12 else 0 end)`
        : asInt(hour24, 0)
  const minute = asInt(group('minute'), 0)
  const second = asInt(group('second'), 0)
  const ms = asInt(group('ms'), 0)
  // `offset 0` keeps the planner from pasting the matched text into every use (exponential when nested).
  // All groups are digits of bounded length, so the ::int casts cannot fail; ranges are checked
  // before make_timestamptz, which would raise on a 13th month or a 30th of February.
  return sql`(select case
      when docpal_y between 1 and 9999 and docpal_mo between 1 and 12 and docpal_d >= 1
        and docpal_d <= extract(day from make_date(docpal_y, docpal_mo, 1) + interval '1 month - 1 day')
        and docpal_h between 0 and 23 and docpal_mi between 0 and 59 and docpal_s between 0 and 59
      then make_timestamptz(docpal_y, docpal_mo, docpal_d, docpal_h, docpal_mi, docpal_s + docpal_ms / 1000.0, 'UTC') end
    from (select ${year} as docpal_y, ${month} as docpal_mo, ${day} as docpal_d, ${hour} as docpal_h,
            ${minute} as docpal_mi, ${second} as docpal_s, ${ms} as docpal_ms
          from (select regexp_match(${text}, ${p.regex}) as docpal_m offset 0) as docpal_r
          where docpal_m is not null offset 0) as docpal_p)`
}

export const dateFunctions: AnyFormulaFunction[] = [
  defineFormulaFunction({
    name: 'NOW',
    description: 'The current date and time (of the query).',
    params: [],
    returns: () => 'datetime',
    compile: () => sql`now()`,
  }),
  defineFormulaFunction({
    name: 'TODAY',
    description: 'The current date in UTC.',
    params: [],
    returns: () => 'date',
    compile: () => sql`(now() at time zone 'UTC')::date`,
  }),
  ...['DATETIME_DIFF', 'DATE_DIFF'].map((name) =>
    defineFormulaFunction({
      name,
      description: "date1 - date2 in unit (default 'seconds'; ms, s, m, h, d, w, M, Q, y or the words), truncated toward zero.",
      params: [datetime('date1'), datetime('date2'), unit()],
      returns: num,
      compile: diff,
    }),
  ),
  ...['DATEADD', 'DATE_ADD'].map((name) =>
    defineFormulaFunction({
      name,
      description: 'date plus count units (ms, s, m, h, d, w, M, Q, y or the words); blank for an unknown unit.',
      params: [datetime('date'), { name: 'count', type: 'number' }, { name: 'unit', type: 'text' }],
      returns: () => 'datetime',
      compile: add,
    }),
  ),
  extract('YEAR', sql`year`, 'The year (UTC).'),
  extract('MONTH', sql`month`, 'The month, 1-12 (UTC).'),
  extract('DAY', sql`day`, 'The day of the month, 1-31 (UTC).'),
  extract('HOUR', sql`hour`, 'The hour, 0-23 (UTC); 0 for dates.'),
  defineFormulaFunction({
    name: 'WEEKDAY',
    description: "Day of the week, Sunday = 0 (Monday = 0 when startDayOfWeek is 'Monday').",
    params: [dateOrTime('date'), { name: 'startDayOfWeek', type: 'text', optional: true }],
    returns: num,
    compile: ([d, s]) => weekday(d, s),
  }),
  defineFormulaFunction({
    name: 'WEEKNUM',
    description: "Week of the year, weeks starting on Sunday (or 'Monday'); the week of January 1 is week 1.",
    params: [dateOrTime('date'), { name: 'startDayOfWeek', type: 'text', optional: true }],
    returns: num,
    compile: ([d, s]) => {
      const ts = d.type === 'date' ? d.sql : sql`(${d.sql} at time zone 'UTC')`
      return bind([ts], ([t]) => {
        const jan1 = weekday({ sql: sql`date_trunc('year', ${t})`, type: 'date' }, s)
        return sql`(floor((extract(doy from ${t}) - 1 + ${jan1}) / 7) + 1)::numeric`
      })
    },
  }),
  defineFormulaFunction({
    name: 'DATETIME_FORMAT',
    description: "The date as text in a Moment format written as a literal (default ISO 8601), in UTC: DATETIME_FORMAT({Due}, 'DD/MM/YYYY').",
    params: [dateOrTime('date'), { name: 'format', type: 'text', optional: true }],
    returns: () => 'text',
    compile: ([d, f]) => {
      if (f === undefined) return textOfFormula(d.sql, d.type)
      const format = literalText(f.sql)
      if (format === undefined) return nullOf('text')
      const ts = d.type === 'date' ? sql`(${d.sql})::timestamp` : sql`(${d.sql} at time zone 'UTC')`
      return sql`to_char(${ts}, ${toCharPattern(format)}::text)`
    },
  }),
  defineFormulaFunction({
    name: 'DATETIME_PARSE',
    description: "Reads a datetime from text: ISO 8601 by default, or a literal Moment format ('DD/MM/YYYY HH:mm'); blank when it does not read.",
    params: [
      { name: 'date', type: 'text' },
      { name: 'format', type: 'text', optional: true },
    ],
    returns: () => 'datetime',
    compile: ([t, f]) => {
      if (f === undefined) {
        return bind([sql`btrim(${t.sql})`], ([v]) => sql`case when ${v} ~ ${ISO_DATETIME} and length(${v}) <= 64 then (${v})::timestamptz end`)
      }
      const format = literalText(f.sql)
      return format === undefined ? nullOf('datetime') : parseWithFormat(t.sql, format)
    },
  }),
  defineFormulaFunction({
    name: 'IS_BEFORE',
    description: 'True when date1 is before date2.',
    params: [datetime('date1'), datetime('date2')],
    returns: () => 'boolean',
    compile: ([a, b]) => sql`(${a.sql} < ${b.sql})`,
  }),
  defineFormulaFunction({
    name: 'IS_AFTER',
    description: 'True when date1 is after date2.',
    params: [datetime('date1'), datetime('date2')],
    returns: () => 'boolean',
    compile: ([a, b]) => sql`(${a.sql} > ${b.sql})`,
  }),
]

// The formula plugin takes functions through its extension point (declared in dependsOn too).
export default defineServerPlugin(formulaDatePlugin, {
  deps: { formulas: formulaFunctionsExtensionPoint },
  setup: (_ctx, { formulas }) => formulas.add(dateFunctions),
})
