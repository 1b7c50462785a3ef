import { describe, expect, it } from 'vitest'
import { hostAllowed } from '../src/server/allowed-hosts.ts'

const ok = (url: string, list: string[]) => hostAllowed(new URL(url), list)

describe('allowed hosts', () => {
  it('matches names, ports and subdomain wildcards', () => {
    expect(ok('https://api.example.com/x', ['api.example.com'])).toBe(true)
    expect(ok('https://API.example.com:8443/x', ['api.example.com:8443'])).toBe(true)
    expect(ok('https://api.example.com/x', ['api.example.com:8443'])).toBe(false)
    expect(ok('https://a.b.example.com/x', ['*.example.com'])).toBe(true)
    expect(ok('https://example.com/x', ['*.example.com'])).toBe(false)
    expect(ok('https://evilexample.com/x', ['*.example.com'])).toBe(false)
    expect(ok('https://api.example.com.evil.net/x', ['api.example.com'])).toBe(false)
    expect(ok('http://127.0.0.1:9/x', ['127.0.0.1'])).toBe(true)
  })

  it('refuses other schemes and an empty list', () => {
    expect(ok('file:///etc/passwd', ['*'])).toBe(false)
    expect(ok('ftp://api.example.com/', ['api.example.com'])).toBe(false)
    expect(ok('https://api.example.com/', [])).toBe(false)
  })
})

describe('allowed hosts: IPv6 literals', () => {
  it('matches bracketed addresses with and without a port', () => {
    expect(hostAllowed(new URL('http://[::1]:8080/'), ['[::1]'])).toBe(true)
    expect(hostAllowed(new URL('http://[::1]:8080/'), ['[::1]:8080'])).toBe(true)
    expect(hostAllowed(new URL('http://[::1]:8081/'), ['[::1]:8080'])).toBe(false)
  })
})
