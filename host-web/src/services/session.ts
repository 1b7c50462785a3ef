import { ref } from 'vue'
import { api, ApiError, csrfHeaders } from '@docpal/plugin-sdk/client'
import { previewing } from './view-as.ts'

export interface SessionUser {
  id: string
  email: string
  name: string
  avatar: string | null
  isInstanceAdmin: boolean
  emailVerified: boolean
}
export interface CompanyMembership {
  id: string
  name: string
  slug: string
  role: string
  /** The company's label for a role it defined; null for owner, admin and member (named by the page's language). */
  roleLabel: string | null
}
export interface Me {
  user: SessionUser
  companies: CompanyMembership[]
  currentCompanyId: string | null
}
export interface AuthState {
  hasAccounts: boolean
  signupOpen: boolean
}

/** The signed-in person (null until loaded, or when signed out). */
export const me = ref<Me | null>(null)

/** Asks the server who is signed in; answers null when nobody is (401). */
export async function loadMe(): Promise<Me | null> {
  // The session cookie is HttpOnly; its CSRF companion is readable and set and cleared with it.
  // Without it nobody is signed in, and asking would only put a 401 in the browser's console.
  if (!('x-docpal-csrf' in csrfHeaders('POST'))) {
    me.value = null
    return null
  }
  try {
    me.value = await api.get<Me>('/api/auth/me')
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) me.value = null
    else throw err
  }
  return me.value
}

export const authApi = {
  state: () => api.get<AuthState>('/api/auth/state'),
  login: (email: string, password: string) => api.post<{ user: SessionUser }>('/api/auth/login', { email, password }),
  signup: (name: string, email: string, password: string) => api.post<{ user: SessionUser }>('/api/auth/signup', { name, email, password }),
  logout: () => api.post<null>('/api/auth/logout'),
  switchCompany: (companyId: string) => api.post<Me>('/api/auth/switch-company', { companyId }),
}

/** The role of the signed-in person in the current company ('' when unknown). */
export function currentRole(): string {
  const m = me.value
  return m?.companies.find((c) => c.id === m.currentCompanyId)?.role ?? ''
}

/** The answer of the routes that mail a link. */
export interface MailSent {
  sent: boolean
  message: string
}
export interface SessionInfo {
  id: string
  createdAt: string
  lastActivityAt: string
  expiresAt: string
  ipAddress: string | null
  userAgent: string | null
  current: boolean
}
/** A personal API token as listed: never its secret. */
export interface ApiToken {
  id: string
  name: string
  scopes: ('read' | 'write')[]
  companyIds: string[] | null
  expiresAt: string | null
  lastUsedAt: string | null
  createdAt: string
}
export interface NewApiToken {
  name: string
  scopes: ('read' | 'write')[]
  companyIds?: string[]
  expiresAt?: string
}

/** Mailed links and the signed-in person's own account (API.md "Accounts, sessions, tokens"). */
export const accountApi = {
  verifyEmail: (token: string) => api.post<{ user: SessionUser }>('/api/auth/verify-email', { token }),
  resendVerification: () => api.post<MailSent>('/api/auth/verify-email/resend'),
  magicLink: (email: string) => api.post<MailSent>('/api/auth/magic-link', { email }),
  consumeMagicLink: (token: string) => api.post<{ user: SessionUser }>('/api/auth/magic-link/consume', { token }),
  passwordReset: (email: string) => api.post<MailSent>('/api/auth/password-reset', { email }),
  confirmPasswordReset: (token: string, password: string) => api.post<{ user: SessionUser }>('/api/auth/password-reset/confirm', { token, password }),
  confirmEmailChange: (token: string) => api.post<{ user: SessionUser }>('/api/auth/email/confirm', { token }),
  changeEmail: (email: string, password: string) => api.post<MailSent>('/api/auth/email', { email, password }),
  changePassword: (current: string, password: string) => api.post<{ endedSessions: number }>('/api/auth/password', { current, password }),
  updateProfile: (p: { name?: string; avatar?: string | null }) => api.patch<{ user: SessionUser }>('/api/auth/me', p),
  sessions: () => api.get<SessionInfo[]>('/api/auth/sessions'),
  endSession: (id: string) => api.delete<null>(`/api/auth/sessions/${encodeURIComponent(id)}`),
  endOtherSessions: () => api.delete<{ ended: number }>('/api/auth/sessions'),
  tokens: () => api.get<ApiToken[]>('/api/auth/tokens'),
  /** The answer carries the secret (`token`) this once. */
  createToken: (body: NewApiToken) => api.post<ApiToken & { token: string }>('/api/auth/tokens', body),
  revokeToken: (id: string) => api.delete<null>(`/api/auth/tokens/${encodeURIComponent(id)}`),
}

export interface OutboxMail {
  id: string
  to: string
  kind: string
  locale: string
  subject: string
  text: string
  html: string
  links: string[]
  companyId: string | null
  createdAt: string
}

export const outboxApi = {
  list: (query: { limit?: number; to?: string; before?: string } = {}) => api.get<{ mails: OutboxMail[] }>('/api/dev/outbox', query),
}

/**
 * Whether the signed-in person is an owner or admin of the current company (schema, settings,
 * members). Not while they preview another role: the app then looks as it does for that role.
 */
export function managesCompany(): boolean {
  if (previewing.value) return false
  const role = currentRole()
  return role === 'owner' || role === 'admin'
}
