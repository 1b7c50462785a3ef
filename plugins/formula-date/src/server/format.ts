/**
 * Moment-style format strings (what Airtable's DATETIME_FORMAT and DATETIME_PARSE take), a subset:
 * YYYY YY Q MMMM MMM MM M Do DD D dddd ddd HH H hh h mm m ss s SSS A a Z ZZ and [literal text].
 */

const TO_CHAR: ReadonlyArray<readonly [string, string]> = [
  ['YYYY', 'YYYY'],
  ['YY', 'YY'],
  ['Q', 'Q'],
  ['MMMM', 'FMMonth'],
  ['MMM', 'Mon'],
  ['MM', 'MM'],
  ['M', 'FMMM'],
  ['Do', 'FMDDth'],
  ['DD', 'DD'],
  ['D', 'FMDD'],
  ['dddd', 'FMDay'],
  ['ddd', 'Dy'],
  ['HH', 'HH24'],
  ['H', 'FMHH24'],
  ['hh', 'HH12'],
  ['h', 'FMHH12'],
  ['mm', 'MI'],
  ['m', 'FMMI'],
  ['ss', 'SS'],
  ['s', 'FMSS'],
  ['SSS', 'MS'],
  ['A', 'AM'],
  ['a', 'am'],
  ['ZZ', '"+0000"'],
  ['Z', '"+00:00"'],
]
const BY_LENGTH = [...TO_CHAR].sort((a, b) => b[0].length - a[0].length)

/** Splits a Moment format into tokens and literal text. */
function* tokens(format: string): Generator<{ token: string; toChar: string } | { literal: string }> {
  let i = 0
  while (i < format.length) {
    if (format[i] === '[') {
      const end = format.indexOf(']', i + 1)
      if (end !== -1) {
        yield { literal: format.slice(i + 1, end) }
        i = end + 1
        continue
      }
    }
    const hit = BY_LENGTH.find(([t]) => format.startsWith(t, i))
    if (hit) {
      yield { token: hit[0], toChar: hit[1] }
      i += hit[0].length
    } else {
      yield { literal: format.charAt(i) }
      i++
    }
  }
}

/** The to_char pattern of a Moment format; literal text is quoted so to_char copies it. */
export function toCharPattern(format: string): string {
  let out = ''
  for (const t of tokens(format)) {
    if ('token' in t) out += t.toChar
    else out += '"' + t.literal.replace(/[\\"]/g, (c) => '\\' + c) + '"'
  }
  return out
}

/** What DATETIME_PARSE can read: each token's regex and which part of the date it fills. */
type Part = 'year' | 'month' | 'day' | 'hour' | 'hour12' | 'minute' | 'second' | 'ms' | 'ampm' | 'monthName' | 'year2'
const PARSE: Readonly<Record<string, readonly [string, Part | undefined]>> = {
  YYYY: ['(\\d{4})', 'year'],
  YY: ['(\\d{2})', 'year2'],
  MMMM: ['([A-Za-z]+)', 'monthName'],
  MMM: ['([A-Za-z]{3})', 'monthName'],
  MM: ['(\\d{2})', 'month'],
  M: ['(\\d{1,2})', 'month'],
  DD: ['(\\d{2})', 'day'],
  D: ['(\\d{1,2})', 'day'],
  Do: ['(\\d{1,2})(?:st|nd|rd|th)', 'day'],
  HH: ['(\\d{2})', 'hour'],
  H: ['(\\d{1,2})', 'hour'],
  hh: ['(\\d{2})', 'hour12'],
  h: ['(\\d{1,2})', 'hour12'],
  mm: ['(\\d{2})', 'minute'],
  m: ['(\\d{1,2})', 'minute'],
  ss: ['(\\d{2})', 'second'],
  s: ['(\\d{1,2})', 'second'],
  SSS: ['(\\d{3})', 'ms'],
  A: ['([AaPp][Mm])', 'ampm'],
  a: ['([AaPp][Mm])', 'ampm'],
  dddd: ['[A-Za-z]+', undefined],
  ddd: ['[A-Za-z]{3}', undefined],
  Z: ['(?:Z|[+-]00:?00)', undefined],
  ZZ: ['(?:Z|[+-]0000)', undefined],
}

const escapeRegex = (s: string) => s.replace(/[\\^$.*+?()[\]{}|-]/g, (c) => '\\' + c)

/**
 * A regex (POSIX, anchored) for a format and the part each capture group fills; undefined when
 * the format uses tokens DATETIME_PARSE cannot read or lacks a year, month or day.
 */
export function parsePattern(format: string): { regex: string; parts: Part[] } | undefined {
  let regex = '^\\s*'
  const parts: Part[] = []
  for (const t of tokens(format)) {
    if ('literal' in t) {
      regex += escapeRegex(t.literal)
      continue
    }
    const spec = PARSE[t.token]
    if (spec === undefined) return undefined
    regex += spec[0]
    if (spec[1] !== undefined) parts.push(spec[1])
  }
  const has = (p: Part) => parts.includes(p)
  if (!(has('year') || has('year2')) || !(has('month') || has('monthName')) || !has('day')) return undefined
  if (new Set(parts).size !== parts.length) return undefined
  return { regex: regex + '\\s*$', parts }
}
