import type { Expected } from './perm-reference.ts'
import type { FieldName, PermWorld } from './perm-world.ts'

/**
 * Strings a limited caller must never receive unless their own request carried them: the names
 * and ids of columns hidden from them, the values of those columns, and the ids of rows they
 * may not read.
 */
export function secretsFor(w: PermWorld, exp: Expected, opts: { names: boolean } = { names: true }): string[] {
  const out: string[] = []
  // GET /access names the caller's hidden columns by contract (so a client can say why they are missing).
  if (opts.names) for (const f of exp.hidden) out.push(w.columns[f], f)
  const values = (f: FieldName) => w.rows.map((r) => r.fields[f]).filter((v): v is string | number => typeof v === 'string' || typeof v === 'number')
  if (exp.hidden.has('Title')) out.push(...values('Title').map(String))
  if (exp.hidden.has('Memo')) out.push(...values('Memo').map(String))
  // Amounts are 1xxx.25 and their doubles 2xxx.5: strings no id, timestamp or other value contains.
  if (exp.hidden.has('Amount')) out.push(...values('Amount').map(String))
  if (exp.hidden.has('Doubled')) out.push(...values('Doubled').map(String))
  if (exp.hidden.has('Stage')) out.push('stg_')
  if (exp.hidden.has('Regions')) out.push(...w.regionIds, '-zone')
  if (exp.hidden.has('Region codes')) out.push('rc-')
  for (const r of w.rows) if (!exp.readable(r)) out.push(r.id)
  return [...new Set(out)]
}

/** The secrets an answer carries that its request did not, each with the text around it. */
export function leaked(secrets: ReadonlyArray<string>, requestText: string, answerText: string): string[] {
  const sent = decodeURIComponent(requestText)
  return secrets
    .filter((s) => !sent.includes(s) && answerText.includes(s))
    .map((s) => {
      const at = answerText.indexOf(s)
      return `${s} in …${answerText.slice(Math.max(0, at - 400), at + s.length + 40)}…`
    })
}
