import { ref } from 'vue'
import { api, ApiError } from '@docpal/plugin-sdk/client'

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

/** Whether the signed-in person is an owner or admin of the current company (schema, settings, members). */
export function managesCompany(): boolean {
  const role = currentRole()
  return role === 'owner' || role === 'admin'
}
