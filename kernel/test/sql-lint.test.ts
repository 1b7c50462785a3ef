import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const SCANNED = ['kernel/src', 'plugin-sdk/src', 'host-server/src', 'plugins']

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name)
    if (name === 'node_modules' || name === 'test') return []
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : []
  })
}

/** The rule of STYLE.md E.1: identifiers become SQL text in exactly one file. */
describe('SQL text is built in one place', () => {
  it('only kernel/src/sql/ident.ts uses sql.raw or sql.identifier', () => {
    const offenders = SCANNED.flatMap((d) => files(join(ROOT, d)))
      .filter((f) => /sql\.(raw|identifier)\s*\(/.test(readFileSync(f, 'utf8')))
      .map((f) => relative(ROOT, f))
    expect(offenders).toEqual(['kernel/src/sql/ident.ts'])
  })

  it('no source builds SQL by string concatenation into query calls', () => {
    const offenders = SCANNED.flatMap((d) => files(join(ROOT, d)))
      // Allowed splices: a COPY's generated table name, a cursor's compiled statement and integer
      // batch size, and a transaction's savepoint name (`docpal_s` and a counter).
      .filter((f) => /\.(unsafe|query|exec)\(\s*`[^`]*\$\{(?!target\}|compiled\}|batchSize\}|savepoint\})/.test(readFileSync(f, 'utf8')))
      .map((f) => relative(ROOT, f))
    expect(offenders).toEqual([])
  })
})
