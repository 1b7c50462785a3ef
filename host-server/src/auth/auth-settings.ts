/** How accounts and sessions behave; every field has a default (DEFAULT_AUTH). */
export interface AuthSettings {
  /** `open`: anyone may sign up; `invite`: only the first account, then invitations only. */
  readonly signup: 'open' | 'invite'
  /** A session unused this long (ms) ends. */
  readonly sessionIdleMs: number
  /** A session ends this long (ms) after login, used or not. */
  readonly sessionMaxMs: number
  /** Trust X-Forwarded-Proto/For from the proxy in front (cookies get `Secure` when it says https). */
  readonly trustProxy: boolean
  /** Failed logins per email per 15 minutes before 429, and requests per IP per minute on the auth endpoints. */
  readonly loginAttemptsPerEmail: number
  readonly authRequestsPerIp: number
  /** An invitation's link and code work this long (ms) after it is sent or resent. */
  readonly invitationTtlMs: number
}

const HOUR = 3_600_000

export const DEFAULT_AUTH: AuthSettings = {
  signup: 'open',
  sessionIdleMs: 7 * 24 * HOUR,
  sessionMaxMs: 30 * 24 * HOUR,
  trustProxy: false,
  loginAttemptsPerEmail: 10,
  authRequestsPerIp: 30,
  invitationTtlMs: 7 * 24 * HOUR,
}
