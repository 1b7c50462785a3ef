import { z } from 'zod'

/** What a value is, in words a person reads ("text", "a number"), for zod's type names. */
const TYPE_WORDS: Readonly<Record<string, string>> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  bigint: 'a whole number',
  boolean: 'true or false',
  object: 'an object',
  array: 'a list',
  date: 'a date',
  null: 'null',
  undefined: 'nothing',
  nan: 'not a number',
}
/** Formats a text must have, named as a person would. */
const FORMAT_WORDS: Readonly<Record<string, string>> = {
  email: 'an email address',
  url: 'a URL (https://...)',
  uuid: 'an id (a UUID)',
  guid: 'an id (a UUID)',
  datetime: 'a date and time (2026-12-31T09:30:00Z)',
  date: 'a date (2026-12-31)',
  time: 'a time (09:30)',
  ipv4: 'an IPv4 address',
  ipv6: 'an IPv6 address',
}
/** What the sizes of texts, lists and files count. */
const UNITS: Readonly<Record<string, readonly [string, string]>> = {
  string: ['character', 'characters'],
  array: ['item', 'items'],
  set: ['item', 'items'],
  map: ['entry', 'entries'],
  file: ['byte', 'bytes'],
}
const MAX_LISTED = 20

function typeOf(v: unknown): string {
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'array'
  if (typeof v === 'number' && Number.isNaN(v)) return 'nan'
  return typeof v
}
const words = (type: string): string => TYPE_WORDS[type] ?? type
const listed = (values: ReadonlyArray<unknown>): string =>
  values
    .slice(0, MAX_LISTED)
    .map((v) => JSON.stringify(v))
    .join(', ') + (values.length > MAX_LISTED ? ', ...' : '')

type Bound = { origin: string; inclusive?: boolean | undefined; exact?: boolean | undefined }
function sized(b: Bound, n: string, most: boolean): string {
  const units = UNITS[b.origin]
  if (units) {
    const count = b.inclusive === false ? String(most ? Number(n) - 1 : Number(n) + 1) : n
    const unit = count === '1' ? units[0] : units[1]
    if (b.exact) return `Exactly ${n} ${unit}.`
    if (!most && count === '1') return b.origin === 'string' ? 'Must not be empty.' : `At least one ${units[0]}.`
    return `${most ? 'At most' : 'At least'} ${count} ${unit}.`
  }
  if (b.origin === 'date') return most ? `On or before ${n}.` : `On or after ${n}.`
  if (b.inclusive === false) return most ? `Less than ${n}.` : `More than ${n}.`
  return most ? `At most ${n}.` : `At least ${n}.`
}

/**
 * zod's messages for the issues every schema can raise, in sentences a person acts on ("At most
 * 255 characters.", "Required.", "Unknown field: colour.") instead of its developer wording ("Too
 * big: expected string to have <=255 characters"). The API prefixes the path ("fields.Name: ...").
 * A message a schema states itself wins (zod asks this map only for issues without one); an issue
 * not covered here keeps zod's own.
 */
export function plainMessage(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? 'Required.' : `Expected ${words(issue.expected)}, got ${words(typeOf(issue.input))}.`
    case 'invalid_value':
      return issue.values.length === 1 ? `Must be ${listed(issue.values)}.` : `Must be one of ${listed(issue.values)}.`
    case 'too_big':
      return sized(issue, issue.maximum.toString(), true)
    case 'too_small':
      return sized(issue, issue.minimum.toString(), false)
    case 'invalid_format':
      if (issue.format === 'starts_with' && 'prefix' in issue) return `Must start with ${JSON.stringify(issue.prefix)}.`
      if (issue.format === 'ends_with' && 'suffix' in issue) return `Must end with ${JSON.stringify(issue.suffix)}.`
      if (issue.format === 'includes' && 'includes' in issue) return `Must contain ${JSON.stringify(issue.includes)}.`
      if (issue.format === 'regex') return `Does not have the expected form${issue.pattern ? ` (${issue.pattern})` : ''}.`
      return `Must be ${FORMAT_WORDS[issue.format] ?? `a valid ${issue.format}`}.`
    case 'not_multiple_of':
      return `Must be a multiple of ${issue.divisor}.`
    case 'unrecognized_keys':
      return `Unknown ${issue.keys.length === 1 ? 'field' : 'fields'}: ${issue.keys.slice(0, MAX_LISTED).join(', ')}.`
    case 'invalid_union':
      return 'Not one of the accepted forms.'
    case 'invalid_key':
      return `Has a key that is not allowed here.`
    case 'invalid_element':
      return `Has an entry that is not allowed here.`
    default:
      return undefined
  }
}

/** Installs the messages for every zod schema of the process (kernel, host and plugins share one zod). */
export function installValidationMessages(): void {
  z.config({ customError: plainMessage })
}
