/**
 * Whether the admin's list allows a URL's host: `api.example.com` (any port), `api.example.com:8443`
 * (that port only), `*.example.com` (its subdomains, not itself). Only http and https. Names are
 * compared, not resolved addresses: allow only hosts whose DNS you trust.
 */
export function hostAllowed(url: URL, allowed: ReadonlyArray<string>): boolean {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false
  const host = url.hostname.toLowerCase()
  const port = url.port || (url.protocol === 'https:' ? '443' : '80')
  return allowed.some((raw) => {
    const entry = raw.trim().toLowerCase()
    if (!entry) return false
    // `name:port`; IPv6 literals come bracketed (`[::1]:8080`), as URL.hostname gives them.
    const m = /^(.*?)(?::(\d+))?$/.exec(entry)
    const name = m?.[1] ?? entry
    const wantPort = m?.[2]
    if (wantPort !== undefined && wantPort !== port) return false
    if (name.startsWith('*.')) return host.endsWith(name.slice(1)) && host.length > name.length - 1
    return host === name
  })
}
