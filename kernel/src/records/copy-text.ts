const SPECIAL = /[\\\t\n\r]/
const SPECIALS = /[\\\t\n\r]/g

/** One value in PostgreSQL's COPY text format (`\N` for NULL). */
export function copyValue(v: string | null): string {
  if (v === null) return '\\N'
  // Most values hold nothing to escape: a test is cheaper than a replace with a callback.
  if (!SPECIAL.test(v)) return v
  return v.replace(SPECIALS, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'))
}
