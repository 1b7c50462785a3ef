import { sql } from 'drizzle-orm'
import type { AuditEntry } from '../audit/audit-entry.ts'
import { companyInvitations } from '../db/schema.ts'

/** What the invitations service answers of an invitation, and what its routes take in. */

export type InvitationStatus = 'pending' | 'accepted' | 'revoked' | 'expired'

export interface InvitationView {
  readonly id: string
  readonly companyId: string
  readonly email: string
  readonly role: string
  readonly status: InvitationStatus
  readonly invitedBy: string | null
  readonly expiresAt: string
  readonly acceptedAt: string | null
  readonly revokedAt: string | null
  readonly createdAt: string
}

/** The secrets of an invitation, as hashes (the host makes the secrets and mails the link). */
export interface InvitationSecrets {
  readonly codeHash: string
  readonly tokenHash: string
  readonly expiresAt: Date
}

/** Which secret an invitation is accepted with. */
export interface InvitationKey {
  readonly by: 'code' | 'token'
  readonly hash: string
}

/** What a mail about the invitation names. */
export interface InvitationContext {
  readonly companyName: string
  readonly inviterName: string
}

export const invitationColumns = {
  id: companyInvitations.id,
  companyId: companyInvitations.companyId,
  email: companyInvitations.email,
  role: companyInvitations.role,
  invitedBy: companyInvitations.invitedBy,
  expiresAt: companyInvitations.expiresAt,
  acceptedAt: companyInvitations.acceptedAt,
  revokedAt: companyInvitations.revokedAt,
  createdAt: companyInvitations.createdAt,
  expired: sql<boolean>`${companyInvitations.expiresAt} <= now()`,
}

type Row = Omit<InvitationView, 'status'> & { expired: boolean }

export function invitationView(r: Row): InvitationView {
  const { expired, ...rest } = r
  const status: InvitationStatus = r.acceptedAt ? 'accepted' : r.revokedAt ? 'revoked' : expired ? 'expired' : 'pending'
  return { ...rest, status }
}

export function invitationEntry(action: 'invitation.create' | 'invitation.revoke' | 'invitation.resend', inv: InvitationView): AuditEntry {
  return { action, resourceType: 'invitation', resourceId: inv.id, resourceName: inv.email, metadata: { role: inv.role, expiresAt: inv.expiresAt } }
}
