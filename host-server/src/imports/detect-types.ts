/** A field type proposed for a new column, with its config. */
export interface DetectedType {
  readonly type: string
  readonly config?: Record<string, unknown>
}

const NUMBER = /^[+-]?(\d{1,3}(,\d{3})+|\d+)?([.]\d+)?([eE][+-]?\d{1,4})?$/
const DATE = /^\d{4}[-/]\d{1,2}[-/]\d{1,2}$/
const DATE_TIME = /^\d{4}[-/]\d{1,2}[-/]\d{1,2}[T ]\d{1,2}:\d{2}(:\d{2}(\.\d{1,9})?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i
const BOOLEAN = new Set(['true', 'false', 'yes', 'no', 'y', 'n', 'on', 'off', 'checked', 'unchecked'])
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
const URL_RE = /^https?:\/\/[^\s]+$/i
/** A select is proposed for at most this many distinct values, each short, repeated (1.5 values per option at least). */
const MAX_OPTIONS = 12
const MAX_OPTION_LENGTH = 40

const decimals = (s: string) => {
  const m = /[.](\d+)/.exec(s.replace(/[eE].*$/, ''))
  return m?.[1]?.length ?? 0
}

/**
 * The field type a new column should get from a sample of its cells (the first rows), among the
 * types `available` (enabled plugins): number (with the most decimals seen as precision), date
 * (with a time when one has it), switch, email, URL, single select for few distinct short values
 * that repeat, long text for long or multi-line values, else text. Empty cells say nothing.
 */
export function detectType(samples: ReadonlyArray<string | null>, available: (type: string) => boolean): DetectedType {
  const values = samples.map((s) => (s ?? '').trim()).filter((s) => s !== '')
  const pick = (t: DetectedType): DetectedType => (available(t.type) ? t : available('text') ? { type: 'text' } : t)
  if (!values.length) return pick({ type: 'text' })
  const all = (re: RegExp) => values.every((v) => re.test(v))
  if (values.every((v) => NUMBER.test(v) && /\d/.test(v) && !/^[+-]?0\d/.test(v))) {
    const precision = Math.min(10, Math.max(...values.map(decimals)))
    return pick({ type: 'number', config: precision ? { precision } : {} })
  }
  if (all(DATE)) return pick({ type: 'date', config: { includeTime: false } })
  if (values.every((v) => DATE.test(v) || DATE_TIME.test(v))) return pick({ type: 'date', config: { includeTime: true } })
  if (values.every((v) => BOOLEAN.has(v.toLowerCase()))) return pick({ type: 'switch' })
  if (all(EMAIL)) return pick({ type: 'email' })
  if (all(URL_RE)) return pick({ type: 'url' })
  if (values.some((v) => v.length > 255 || v.includes('\n'))) return pick({ type: 'long_text' })
  // Option labels are unique ignoring case (casts from text match that way): the first spelling wins.
  const distinct = [...new Map(values.map((v) => [v.toLowerCase(), v] as const)).values()]
  if (distinct.length <= MAX_OPTIONS && values.length >= distinct.length * 1.5 && distinct.every((v) => v.length <= MAX_OPTION_LENGTH)) {
    return pick({ type: 'single_select', config: { options: distinct.map((label, i) => ({ id: `opt${i + 1}`, label })) } })
  }
  return pick({ type: 'text' })
}

/**
 * Whether the first row names the columns: every cell filled, the names distinct, and none of
 * them reads as a number or a date (a data row usually has one).
 */
export function looksLikeHeader(first: ReadonlyArray<string | null>): boolean {
  const cells = first.map((c) => (c ?? '').trim())
  if (!cells.length || cells.some((c) => c === '')) return false
  if (new Set(cells.map((c) => c.toLowerCase())).size !== cells.length) return false
  return !cells.some((c) => (NUMBER.test(c) && /\d/.test(c)) || DATE.test(c) || DATE_TIME.test(c))
}
