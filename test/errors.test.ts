import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { DocPalError } from '@docpal/plugin-sdk'
import { KERNEL_ZH_CN, codes, sayError } from '@docpal/kernel'
import { HOST_ZH_CN, hostCodes } from '@docpal/host-server'

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

describe('the catalogue in Simplified Chinese', () => {
  const books = [
    [codes, KERNEL_ZH_CN],
    [hostCodes, HOST_ZH_CN],
  ] as const
  it('says every code its book has a sentence for, from all the arguments its factory gives', () => {
    for (const [catalogue, book] of books) {
      for (const [code, factory] of Object.entries(catalogue)) {
        if (!book[code]) continue
        const made = (factory as (...a: unknown[]) => DocPalError)('7', '7', '7', '7')
        expect(sayError(made, 'zh-CN', book).message, code).toMatch(/[\u4e00-\u9fff]/)
      }
    }
  })
  it('names no code its catalogue does not have', () => {
    for (const [catalogue, book] of books) for (const code of Object.keys(book)) expect(catalogue, code).toHaveProperty(code)
  })
})
