import type { z } from 'zod'
import type { Phrasebook } from './phrasebook.ts'

const MAX_LISTED = 20

function typeOf(v: unknown): string {
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'array'
  if (typeof v === 'number' && Number.isNaN(v)) return 'nan'
  return typeof v
}
const listed = (values: ReadonlyArray<unknown>): string =>
  values
    .slice(0, MAX_LISTED)
    .map((v) => JSON.stringify(v))
    .join(', ') + (values.length > MAX_LISTED ? ', ...' : '')

type Bound = { origin: string; inclusive?: boolean | undefined; exact?: boolean | undefined }
function sized(book: Phrasebook, b: Bound, n: string, most: boolean): string {
  if (book.counts(b.origin)) {
    const count = b.inclusive === false ? String(most ? Number(n) - 1 : Number(n) + 1) : n
    if (b.exact) return book.exactly(n, b.origin)
    if (!most && count === '1') return b.origin === 'string' ? book.notEmpty : book.atLeastOne(b.origin)
    return most ? book.atMost(count, b.origin) : book.atLeast(count, b.origin)
  }
  if (b.origin === 'date') return most ? book.onOrBefore(n) : book.onOrAfter(n)
  if (b.inclusive === false) return most ? book.lessThan(n) : book.moreThan(n)
  return most ? book.atMost(n) : book.atLeast(n)
}

/** One of zod's issues in `book`'s language, or undefined for an issue it does not cover. */
export function phrase(issue: z.core.$ZodRawIssue, book: Phrasebook): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? book.required : book.expected(issue.expected, typeOf(issue.input))
    case 'invalid_value':
      return issue.values.length === 1 ? book.mustBe(listed(issue.values)) : book.oneOf(listed(issue.values))
    case 'too_big':
      return sized(book, issue, issue.maximum.toString(), true)
    case 'too_small':
      return sized(book, issue, issue.minimum.toString(), false)
    case 'invalid_format':
      if (issue.format === 'starts_with' && 'prefix' in issue) return book.startsWith(JSON.stringify(issue.prefix))
      if (issue.format === 'ends_with' && 'suffix' in issue) return book.endsWith(JSON.stringify(issue.suffix))
      if (issue.format === 'includes' && 'includes' in issue) return book.includes(JSON.stringify(issue.includes))
      if (issue.format === 'regex') return book.pattern(issue.pattern)
      return book.format(issue.format)
    case 'not_multiple_of':
      return book.multipleOf(String(issue.divisor))
    case 'unrecognized_keys':
      return book.unknownKeys(issue.keys.slice(0, MAX_LISTED))
    case 'invalid_union':
      return book.noForm
    case 'invalid_key':
      return book.badKey
    case 'invalid_element':
      return book.badEntry
    default:
      return undefined
  }
}
