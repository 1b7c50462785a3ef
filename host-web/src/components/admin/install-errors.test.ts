import { describe, expect, it } from 'vitest'
import { ApiError } from '@docpal/plugin-sdk/client'
import { normalizeSha256, readInstallError } from './install-errors.ts'

describe('install errors', () => {
  it('keeps the server message and adds a hint for known codes', () => {
    expect(readInstallError(new ApiError(400, 'KRN_ERR_PLUGIN_CHECKSUM', 'sha256 of the upload is ab…, expected cd…'))).toEqual({
      code: 'KRN_ERR_PLUGIN_CHECKSUM',
      hint: 'checksum',
      message: 'sha256 of the upload is ab…, expected cd…',
    })
    expect(readInstallError(new ApiError(502, 'HST_ERR_CATALOG_UNAVAILABLE', 'ENOENT /x.json')).hint).toBe('catalog')
    expect(readInstallError(new ApiError(500, 'KRN_ERR_SOMETHING', 'boom'))).toEqual({ code: 'KRN_ERR_SOMETHING', hint: null, message: 'boom' })
    expect(readInstallError(new TypeError('Failed to fetch'))).toEqual({ code: null, hint: null, message: 'Failed to fetch' })
  })

  it('reads a pasted sha256: empty is none, anything but 64 hex digits is invalid', () => {
    expect(normalizeSha256('  ')).toBeUndefined()
    expect(normalizeSha256(` ${'AB'.repeat(32)}\n`)).toBe('ab'.repeat(32))
    expect(normalizeSha256('abc')).toBeNull()
    expect(normalizeSha256('g'.repeat(64))).toBeNull()
  })
})
