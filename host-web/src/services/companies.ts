import { api, ApiError, csrfHeaders } from '@docpal/plugin-sdk/client'
import type { SessionUser } from './session.ts'

export interface Company {
  id: string
  name: string
  slug: string
  logo: string | null
  description: string | null
  role: string
  /** The company's label for a role it defined; null for owner, admin and member (named by the page's language). */
  roleLabel: string | null
  createdAt: string
  updatedAt: string
}
export interface Member {
  userId: string
  name: string
  email: string
  avatar: string | null
  role: string
  joinedAt: string
}
export interface Invitation {
  id: string
  companyId: string
  email: string
  role: string
  status: 'pending' | 'accepted' | 'revoked' | 'expired'
  expiresAt: string
  createdAt: string
}
export interface NewInvitation extends Invitation {
  inviteCode: string
  inviteLink: string
  mailed: boolean
}
export interface InvitationPreview {
  companyName: string
  inviterName: string
  email: string
  role: string
  /** The label of a role the company defined; null for owner, admin and member. */
  roleLabel: string | null
  expiresAt: string
  hasAccount: boolean
}
export type InvitationKey = { code: string } | { token: string }

/** The companies, members and invitations endpoints (API.md "Companies, members, invitations"). */
export const companiesApi = {
  list: () => api.get<Company[]>('/api/companies'),
  create: (name: string) => api.post<Company>('/api/companies', { name }),
  get: (id: string) => api.get<Company>(`/api/companies/${id}`),
  update: (id: string, patch: Partial<Pick<Company, 'name' | 'slug' | 'logo' | 'description'>>) => api.patch<Company>(`/api/companies/${id}`, patch),
  /** DELETE with a body ({confirm: slug}): the shared client sends none on DELETE. */
  async remove(id: string, confirm: string): Promise<void> {
    const res = await fetch(`/api/companies/${id}`, {
      method: 'DELETE',
      credentials: 'same-origin',
      headers: { ...csrfHeaders('DELETE'), 'content-type': 'application/json' },
      body: JSON.stringify({ confirm }),
    })
    if (!res.ok) {
      const body = (await res.json().catch(() => ({}))) as { error?: { code?: string; message?: string; path?: Array<string | number> } }
      throw new ApiError(res.status, body.error?.code ?? 'HTTP_ERROR', body.error?.message ?? res.statusText, body.error?.path)
    }
  },
  members: (id: string) => api.get<Member[]>(`/api/companies/${id}/members`),
  setRole: (id: string, userId: string, role: string) => api.patch<Member>(`/api/companies/${id}/members/${userId}`, { role }),
  removeMember: (id: string, userId: string) => api.delete<null>(`/api/companies/${id}/members/${userId}`),
  transfer: (id: string, userId: string) => api.post<Member[]>(`/api/companies/${id}/transfer-ownership`, { userId }),
  invitations: (id: string) => api.get<Invitation[]>(`/api/companies/${id}/invitations`),
  invite: (id: string, email: string, role: string) => api.post<NewInvitation>(`/api/companies/${id}/invitations`, { email, role }),
  revoke: (invitationId: string) => api.delete<null>(`/api/invitations/${invitationId}`),
  resend: (invitationId: string) => api.post<NewInvitation>(`/api/invitations/${invitationId}/resend`),
  preview: (key: InvitationKey) => api.post<InvitationPreview>('/api/invitations/preview', key),
  accept: (key: InvitationKey & { name?: string; password?: string }) => api.post<{ user: SessionUser; companyId: string; role: string }>('/api/invitations/accept', key),
}
