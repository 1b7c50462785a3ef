import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { codes } from '@docpal/kernel'
import { hostCodes } from '@docpal/host-server'

const doc = readFileSync(new URL('../docs/errors.md', import.meta.url), 'utf8')

describe('error catalogue', () => {
  const all = { ...codes, ...hostCodes }
  it('each key equals its code and codes are unique', () => {
    for (const [key, factory] of Object.entries(all)) expect(factory.code).toBe(key)
    expect(new Set(Object.values(all).map((f) => f.code)).size).toBe(Object.keys(all).length)
  })
  it('codes follow the area prefixes and map to an HTTP status', () => {
    for (const f of Object.values(all)) {
      expect(f.code).toMatch(/^(KRN|HST)_ERR_[A-Z_]+$/)
      expect(f.status).toBeGreaterThanOrEqual(400)
      expect(f.status).toBeLessThan(600)
    }
  })
  it('docs/errors.md lists every code with its status', () => {
    for (const f of Object.values(all)) expect(doc).toContain(`| \`${f.code}\` | ${f.status} |`)
  })
})
