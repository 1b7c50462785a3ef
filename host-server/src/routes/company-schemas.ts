import { z } from 'zod'
import { PasswordField } from '../auth/auth-schemas.ts'

/** Answer bodies of the companies, members and invitations endpoints (API.md "Companies, members, invitations"). */

export const CompanyOut = z
  .object({
    id: z.string(),
    name: z.string(),
    slug: z.string(),
    logo: z.string().nullable(),
    description: z.string().nullable(),
    role: z.string().describe("the caller's role: owner, admin, member or one the company defined (by its name)"),
    roleLabel: z.string().nullable().describe("the label of the caller's role when the company defined it; null for owner, admin and member"),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Company' })

export const MemberOut = z
  .object({
    userId: z.string(),
    name: z.string(),
    email: z.string(),
    avatar: z.string().nullable(),
    role: z.string(),
    joinedAt: z.string(),
  })
  .meta({ id: 'Member' })

export const InvitationOut = z.object({
  id: z.string(),
  companyId: z.string(),
  email: z.string(),
  role: z.string(),
  status: z.enum(['pending', 'accepted', 'revoked', 'expired']),
  invitedBy: z.string().nullable(),
  expiresAt: z.string(),
  acceptedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  createdAt: z.string(),
})

export const NewInvitationOut = InvitationOut.extend({
  inviteCode: z.string().describe('shown this once; stored only as a hash'),
  inviteLink: z.string().describe('the link the mail carries; shown this once'),
  mailed: z.boolean().describe('false when the mail could not be sent (the code and link still work; resend later)'),
}).meta({ id: 'NewInvitation' })

const Secret = {
  code: z.string().min(1).max(64).optional().describe('the invite code, e.g. K7QM-2XAD-9RTF'),
  token: z.string().min(1).max(200).optional().describe("the token of the mail's link (/invite/<token>)"),
}

export const InvitationKeyBody = z.strictObject(Secret)

export const AcceptBody = z.strictObject({
  ...Secret,
  name: z.string().trim().min(1).max(200).optional().describe('not signed in: the new account’s name'),
  password: PasswordField.optional().describe('not signed in: the new account’s password'),
})

export const InvitationPreviewOut = z.object({
  companyName: z.string(),
  inviterName: z.string(),
  email: z.string(),
  role: z.string(),
  roleLabel: z.string().nullable().describe('the label of a role the company defined; null for owner, admin and member'),
  expiresAt: z.string(),
  hasAccount: z.boolean().describe('whether the invited address has an account (sign in to accept) or not (create it)'),
})
