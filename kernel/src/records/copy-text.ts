/** One value in PostgreSQL's COPY text format (`\N` for NULL). */
export function copyValue(v: string | null): string {
  if (v === null) return '\\N'
  return v.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'))
}
