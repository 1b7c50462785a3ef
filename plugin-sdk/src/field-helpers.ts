import { z } from 'zod'
import { wordedIssue, type FieldMessages } from './field-words.ts'
import { sql, type SQL } from 'drizzle-orm'
import { arrayLiteral, textOperators } from './helpers.ts'
import type { CastContext, FieldTypeDefinition, SearchTerm } from './field-type.ts'
import type { TableInfo } from './view-type.ts'
import type { ConditionNode, FilterNode } from './query.ts'

/**
 * Building blocks shared by the first-party field and view plugins. Plugins may import only the
 * SDK, so logic two of them need lives here rather than being copied.
 */

export type ConfigIssue = { path: Array<string | number>; message: string }

/**
 * Binds `expr` once so `body` can use it several times without evaluating it again. Do not nest a
 * `withValue` inside another's body: both bind the same alias.
 */
export function withValue(expr: SQL, body: (v: SQL) => SQL): SQL {
  if (expressionsOnly > 0) return body(sql`(${expr})`)
  // `offset 0` keeps PostgreSQL from inlining the value into every use (nested bindings would
  // otherwise grow the query exponentially).
  return sql`(select ${body(sql`docpal_v`)} from (select ${expr} as docpal_v offset 0) as docpal_s)`
}

let expressionsOnly = 0

/**
 * Runs `build` (a cast, typically) with `withValue` writing its value into each use instead of
 * binding it in a subquery. For the kernel: `ALTER TABLE ... ALTER COLUMN ... TYPE ... USING`
 * refuses subqueries, and converting in place that way rewrites a table far faster than an
 * UPDATE into a new column. The casts' bindings are shallow (a cast over a cast at most), so the
 * repeated expressions stay small; they must be free of side effects, as every cast is.
 */
export function withoutSubqueries<T>(build: () => T): T {
  expressionsOnly++
  try {
    return build()
  } finally {
    expressionsOnly--
  }
}

/** The trimmed text when it matches `pattern` (a parameter) and fits `maxLength`, else NULL. */
export function guardPattern(text: SQL, pattern: string, maxLength: number): SQL {
  return withValue(sql`btrim(${text})`, (v) => sql`case when ${v} ~ ${pattern} and length(${v}) <= ${maxLength}::int then ${v} end`)
}

// ---------------------------------------------------------------------------------------------
// Numbers as people type them.

/**
 * A decimal in the notation `::numeric` accepts (a JavaScript and a PostgreSQL regex). The
 * exponent's four digits keep an absurd text (1e999999) from overflowing numeric.
 */
export const DECIMAL_PATTERN = '^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]{1,4})?$'
const DECIMAL = new RegExp(DECIMAL_PATTERN)

/**
 * The quick-search text when it reads as a number, else undefined: number fields (and lookups of
 * them) match a number by its value ("250.5" finds 250.50), and other text cannot match one.
 */
export function searchedNumber(term: SearchTerm): string | undefined {
  return term.text.length <= 40 && DECIMAL.test(term.text) ? term.text : undefined
}

// ---------------------------------------------------------------------------------------------
// Dates: one grammar for field values, filter values and view parameters, so a calendar's range
// always passes the date field's operator schema.

/**
 * A real calendar date, years 0001..9999 (PostgreSQL has no year 0, and `2026-02-30` must fail
 * here rather than raise in a cast). Valid in both JavaScript and PostgreSQL regex syntax.
 */
export const ISO_DATE_SOURCE =
  '(?!0000)(?:(?:\\d\\d(?:[2468][048]|[13579][26]|0[48])|(?:[02468][048]|[13579][26])00)-02-29' +
  '|\\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\\d|30)|02-(?:0[1-9]|1\\d|2[0-8])))'

export function isoDate(): z.ZodString {
  return z.string().regex(new RegExp(`^${ISO_DATE_SOURCE}$`), 'a date as YYYY-MM-DD')
}

/** The day after an ISO date; undefined after 9999-12-31, where no later date exists. */
export function dayAfter(date: string): string | undefined {
  if (date === '9999-12-31') return undefined
  return new Date(Date.parse(date) + 86_400_000).toISOString().slice(0, 10)
}

// ---------------------------------------------------------------------------------------------
// Select options: single_select and multiple_select share the config, and other types cast from
// them through option labels.

export const SelectOptionSchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, '1 to 64 letters, digits, _ or -'),
  label: z.string().min(1).max(255),
  color: z.string().max(32).optional(),
})
export type SelectOption = z.output<typeof SelectOptionSchema>

export const SelectConfigSchema = z.object({ options: z.array(SelectOptionSchema).max(1000).default([]) })
export type SelectConfig = z.output<typeof SelectConfigSchema>

/** Ids and labels must be unique; labels ignoring case, because casts from text match that way. */
export function checkSelectConfig(config: SelectConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = []
  const ids = new Set<string>()
  const labels = new Set<string>()
  config.options.forEach((o, i) => {
    if (ids.has(o.id)) issues.push({ path: ['options', i, 'id'], message: `duplicate option id "${o.id}"` })
    const label = o.label.toLowerCase()
    if (labels.has(label)) issues.push({ path: ['options', i, 'label'], message: `duplicate option label "${o.label}"` })
    ids.add(o.id)
    labels.add(label)
  })
  return issues
}

/** The options of a cast's source select field (its config was validated when it was stored). */
export function selectOptionsOf(fromConfig: unknown): ReadonlyArray<SelectOption> {
  return SelectConfigSchema.parse(fromConfig).options
}

/** Schema of one option id of `config`; the message lists valid ids (the first 20). */
export function optionIdSchema(config: SelectConfig): z.ZodType<string> {
  const ids = config.options.map((o) => o.id)
  const valid = new Set(ids)
  const shown = ids.slice(0, 20).join(', ') + (ids.length > 20 ? ', ...' : '')
  return z.string().refine((v) => valid.has(v), wordedIssue('notAnOptionId', `not an option; valid ids: ${shown || '(none)'}`, { shown: shown || '-' }))
}

/**
 * Schema of one option given by id or by label (issue 15, "API by label"); the output is always
 * the option id, which is what is stored and answered. Precedence: an exact id wins, then a label
 * compared ignoring case (labels are unique ignoring case). Ids first keeps a round trip safe: a
 * value read back as an id is written back as that option, even when another option's label
 * spells the same text.
 */
export function optionRefSchema(config: SelectConfig): z.ZodType<string, string> {
  const ids = new Set(config.options.map((o) => o.id))
  const byLabel = new Map(config.options.map((o) => [o.label.toLowerCase(), o.id]))
  // Labels only: what a person typing, pasting or importing gives; ids are in the table's metadata.
  const shown = config.options
    .slice(0, 20)
    .map((o) => o.label)
    .join(', ')
  const more = config.options.length > 20 ? ', ...' : ''
  return z.string().transform((v, ctx) => {
    if (ids.has(v)) return v
    const id = byLabel.get(v.toLowerCase())
    if (id !== undefined) return id
    const w = wordedIssue('notAnOption', `not an option; give one of ${shown || '(none)'}${more} (or an option id)`, { shown: `${shown || '-'}${more}` })
    ctx.addIssue({ code: 'custom', message: w.error, params: w.params })
    return z.NEVER
  })
}

/** Ids of the options whose label contains `text`, ignoring case (quick search over labels). */
export function optionsContaining(options: ReadonlyArray<SelectOption>, text: string): string[] {
  const needle = text.toLowerCase()
  return options.filter((o) => o.label.toLowerCase().includes(needle)).map((o) => o.id)
}

const idsOf = (options: ReadonlyArray<SelectOption>) => arrayLiteral(options.map((o) => o.id))
const labelsOf = (options: ReadonlyArray<SelectOption>) => arrayLiteral(options.map((o) => o.label))

/** `id` when it is one of `options`, else NULL. */
export function ifOption(id: SQL, options: ReadonlyArray<SelectOption>): SQL {
  return sql`case when ${id} = any(${idsOf(options)}::text[]) then ${id} end`
}

/** Option id → label; NULL for an id that is not an option. */
export function optionLabel(id: SQL, options: ReadonlyArray<SelectOption>): SQL {
  return sql`(${labelsOf(options)}::text[])[array_position(${idsOf(options)}::text[], ${id})]`
}

/** Array of option ids → their labels joined by ', ' (unknown ids dropped); NULL for NULL or none. */
export function optionLabelsJoined(ids: SQL, options: ReadonlyArray<SelectOption>): SQL {
  return sql`(select string_agg(docpal_o.label, ', ' order by docpal_u.n)
    from unnest(${ids}) with ordinality as docpal_u(id, n)
    join unnest(${idsOf(options)}::text[], ${labelsOf(options)}::text[]) as docpal_o(id, label) on docpal_o.id = docpal_u.id)`
}

/** Array of option ids → array of their labels, in order (unknown ids dropped); NULL stays NULL. */
export function optionLabelsArray(ids: SQL, options: ReadonlyArray<SelectOption>): SQL {
  return sql`(case when ${ids} is null then null else array(select docpal_o.label
    from unnest(${ids}) with ordinality as docpal_u(id, n)
    join unnest(${idsOf(options)}::text[], ${labelsOf(options)}::text[]) as docpal_o(id, label) on docpal_o.id = docpal_u.id
    order by docpal_u.n) end)`
}

/** Text → option id: the option whose label (ignoring case) or else id equals the trimmed text. */
export function optionIdOf(text: SQL, options: ReadonlyArray<SelectOption>): SQL {
  return sql`(select docpal_o.id
    from (select btrim(${text}) as t) as docpal_t
    cross join unnest(${idsOf(options)}::text[], ${labelsOf(options)}::text[]) with ordinality as docpal_o(id, label, n)
    where lower(docpal_o.label) = lower(docpal_t.t) or docpal_o.id = docpal_t.t
    order by lower(docpal_o.label) = lower(docpal_t.t) desc, docpal_o.n limit 1)`
}

// ---------------------------------------------------------------------------------------------
// Text-like fields.

/**
 * Any field's value as text, for casts into text types. Select types show their labels, since ids
 * mean nothing once the options are gone; everything else uses PostgreSQL's text form.
 */
export function textOf(col: SQL, ctx: Pick<CastContext<unknown>, 'fromType' | 'fromConfig'>): SQL {
  if (ctx.fromType === 'single_select') return optionLabel(col, selectOptionsOf(ctx.fromConfig))
  if (ctx.fromType === 'multiple_select') return optionLabelsJoined(col, selectOptionsOf(ctx.fromConfig))
  return sql`${col}::text`
}

export function maxLengthConfigSchema(defaultMaxLength: number) {
  return z.object({ maxLength: z.number().int().min(1).max(1_000_000).default(defaultMaxLength) })
}

type TextParts<C> = Pick<FieldTypeDefinition<z.ZodType, C>, 'column' | 'input' | 'operators' | 'castFrom' | 'formulaType'>

/**
 * The parts of a plain text type bounded by `config.maxLength` (text, long_text). Casts from any
 * type go through `textOf`; a value longer than the (possibly shrunk) limit does not convert
 * rather than being cut, so the dry run reports it.
 */
export function maxLengthTextParts<C extends { maxLength: number }>(): TextParts<C> {
  return {
    column: () => 'text',
    input: (c) => z.string().max(c.maxLength),
    operators: textOperators<C>((c) => z.string().max(c.maxLength)),
    castFrom: {
      '*': (col, ctx) => withValue(textOf(col, ctx), (v) => sql`case when length(${v}) <= ${ctx.to.maxLength}::int then ${v} end`),
    },
    formulaType: 'text',
  }
}

// ---------------------------------------------------------------------------------------------
// Views.

/** An issue at `path` unless `columnId` names a column of `table` whose type is one of `types`. */
export function checkColumnType(table: TableInfo, columnId: string | undefined, types: ReadonlyArray<string>, path: Array<string | number>): ConfigIssue[] {
  if (columnId === undefined) return []
  const column = table.columns.find((c) => c.id === columnId)
  if (column === undefined) return [{ path, message: `table "${table.name}" has no column ${columnId}` }]
  if (!types.includes(column.type)) {
    return [{ path, message: `column "${column.name}" is a ${column.type} field; expected ${types.join(' or ')}` }]
  }
  return []
}

/** A date range a view's data request may carry (`?from=2026-01-01&to=2026-01-31`), inclusive. */
export const DateRangeParamsSchema = z.object({ from: isoDate().optional(), to: isoDate().optional() })

export function condition(field: string, op: string, value?: unknown): ConditionNode {
  return value === undefined ? { kind: 'condition', field, op } : { kind: 'condition', field, op, value }
}

/** AND of the nodes: undefined when there are none, the node itself when there is one. */
export function allOf(nodes: ReadonlyArray<FilterNode>): FilterNode | undefined {
  if (nodes.length <= 1) return nodes[0]
  return { kind: 'and', children: nodes }
}

/** The option refusals of `optionIdSchema` and `optionRefSchema` in other languages, for a select field type's `messages`. */
export const OPTION_MESSAGES: FieldMessages = {
  'zh-CN': {
    notAnOptionId: '不是可选项；有效的选项 ID：{shown}',
    notAnOption: '不是可选项；请填写以下之一：{shown}（或选项 ID）',
    eachOptionOnce: '每个选项最多出现一次',
  },
}
