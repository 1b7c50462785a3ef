import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'

/** Session cookies, API tokens, links in mails (dpm) and invitation links (dpi): 32 random bytes, prefixed so a leaked one is recognisable. */
export function newSecret(prefix: 'dps' | 'dpt' | 'dpm' | 'dpi'): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`
}

/** What is stored and looked up: the secret itself never reaches the database. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex')
}

/** The CSRF token of a session: derived from its secret, so nothing more is stored. */
export function csrfToken(sessionSecret: string): string {
  return createHash('sha256').update(`csrf:${sessionSecret}`).digest('base64url')
}

/** Compares in time independent of where the strings differ. */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}
