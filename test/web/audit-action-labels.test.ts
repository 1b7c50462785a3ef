import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import messages from '../../host-web/src/i18n/messages/audit.ts'
import { actionLabel, AUDIT_ACTIONS } from '../../host-web/src/components/audit/action-label.ts'

// The repository (vitest runs from it; happy-dom's import.meta.url is not a file URL).
const root = process.cwd()

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const path = join(dir, d.name)
    if (d.isDirectory()) return sources(path)
    return d.name.endsWith('.ts') && !d.name.endsWith('.test.ts') ? [path] : []
  })
}

/** Every audit action the kernel and host write: `action: '...'` in entries, and the run events' union. */
function writtenActions(): string[] {
  const found = new Set<string>()
  for (const file of [...sources(join(root, 'kernel/src')), ...sources(join(root, 'host-server/src'))]) {
    const text = readFileSync(file, 'utf8')
    for (const m of text.matchAll(/action: '([a-z_]+(?:\.[a-z_]+)+)'/g)) found.add(m[1]!)
    if (file.endsWith('audit-entry.ts') || file.endsWith('run-events.ts')) for (const m of text.matchAll(/\| '([a-z_]+(?:\.[a-z_]+)+)'/g)) found.add(m[1]!)
  }
  return [...found].sort()
}

describe('audit action labels', () => {
  it('finds the actions written (the scan itself works)', () => {
    expect(writtenActions()).toEqual(expect.arrayContaining(['record.create', 'workflow.triggered', 'workflow.completed', 'member.join']))
  })

  it('offers every written action in the filter, with a label in English and Chinese', () => {
    const en = (key: string) =>
      key.split('.').reduce<unknown>((n, k) => (n && typeof n === 'object' ? (n as Record<string, unknown>)[k] : undefined), messages.en) as string | undefined
    const zh = (key: string) =>
      key.split('.').reduce<unknown>((n, k) => (n && typeof n === 'object' ? (n as Record<string, unknown>)[k] : undefined), messages['zh-CN']) as string | undefined
    for (const action of writtenActions()) {
      expect(AUDIT_ACTIONS as ReadonlyArray<string>, action).toContain(action)
      const key = `audit.action.${action.replaceAll('.', '_')}`
      expect(en(key), `${action}: English label`).toBeTypeOf('string')
      expect(zh(key), `${action}: Chinese label`).toBeTypeOf('string')
      expect(actionLabel((k) => en(k) ?? k, action)).not.toBe(action)
    }
  })
})
