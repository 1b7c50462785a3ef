import type { Phrasebook } from './phrasebook.ts'

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
const words = (type: string): string => TYPE_WORDS[type] ?? type
const unit = (n: string, origin: string): string => (n === '1' ? UNITS[origin]?.[0] : UNITS[origin]?.[1]) ?? ''
const size = (n: string, origin: string | undefined): string => (origin && UNITS[origin] ? `${n} ${unit(n, origin)}` : n)

export const EN: Phrasebook = {
  counts: (origin) => origin in UNITS,
  required: 'Required.',
  expected: (expected, got) => `Expected ${words(expected)}, got ${words(got)}.`,
  mustBe: (listed) => `Must be ${listed}.`,
  oneOf: (listed) => `Must be one of ${listed}.`,
  exactly: (n, origin) => `Exactly ${size(n, origin)}.`,
  notEmpty: 'Must not be empty.',
  atLeastOne: (origin) => `At least one ${UNITS[origin]?.[0] ?? ''}.`,
  atMost: (n, origin) => `At most ${size(n, origin)}.`,
  atLeast: (n, origin) => `At least ${size(n, origin)}.`,
  lessThan: (n) => `Less than ${n}.`,
  moreThan: (n) => `More than ${n}.`,
  onOrBefore: (date) => `On or before ${date}.`,
  onOrAfter: (date) => `On or after ${date}.`,
  startsWith: (quoted) => `Must start with ${quoted}.`,
  endsWith: (quoted) => `Must end with ${quoted}.`,
  includes: (quoted) => `Must contain ${quoted}.`,
  pattern: (pattern) => `Does not have the expected form${pattern ? ` (${pattern})` : ''}.`,
  format: (format) => `Must be ${FORMAT_WORDS[format] ?? `a valid ${format}`}.`,
  multipleOf: (n) => `Must be a multiple of ${n}.`,
  unknownKeys: (keys) => `Unknown ${keys.length === 1 ? 'field' : 'fields'}: ${keys.join(', ')}.`,
  noForm: 'Not one of the accepted forms.',
  badKey: 'Has a key that is not allowed here.',
  badEntry: 'Has an entry that is not allowed here.',
}
