import { z } from 'zod'
import { MAX_PASSWORD, MIN_PASSWORD } from './passwords.ts'

/** Request and answer bodies of the auth endpoints (API.md "Accounts, sessions, tokens"). */

export const EmailField = z
  .string()
  .trim()
  .min(3)
  .max(254)
  .regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'an email address such as ada@example.com')
export const PasswordField = z.string().min(MIN_PASSWORD, `at least ${MIN_PASSWORD} characters`).max(MAX_PASSWORD, `at most ${MAX_PASSWORD} characters`)

export const SignupBody = z.strictObject({ email: EmailField, password: PasswordField, name: z.string().trim().min(1).max(200) })
export const LoginBody = z.strictObject({ email: z.string().max(254), password: z.string().max(MAX_PASSWORD) })
export const SwitchCompanyBody = z.strictObject({ companyId: z.uuid() })

export const TokenBody = z.strictObject({
  name: z.string().trim().min(1).max(200),
  /** `read` only, or `read` and `write`. */
  scopes: z
    .array(z.enum(['read', 'write']))
    .min(1)
    .max(2)
    .default(['read', 'write']),
  /** The companies it may act in; unset: every company of its owner. */
  companyIds: z.array(z.uuid()).min(1).max(100).optional(),
  expiresAt: z.iso.datetime({ offset: true }).optional().describe('ISO 8601; unset: never expires'),
})

export const UserOut = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  avatar: z.string().nullable(),
  isInstanceAdmin: z.boolean(),
  emailVerified: z.boolean(),
})

export const MeOut = z
  .object({
    user: UserOut,
    companies: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        slug: z.string(),
        role: z.string(),
        roleLabel: z.string().nullable().describe('the label of the role when the company defined it; null for owner, admin and member'),
      }),
    ),
    currentCompanyId: z.string().nullable(),
  })
  .meta({ id: 'Me' })

export const AuthStateOut = z.object({
  /** Whether anyone has signed up yet: the first sign-up makes the instance admin. */
  hasAccounts: z.boolean(),
  /** Whether the sign-up form is open to anyone. */
  signupOpen: z.boolean(),
})

export const SessionOut = z.object({
  id: z.string(),
  current: z.boolean(),
  createdAt: z.string(),
  lastActivityAt: z.string(),
  expiresAt: z.string(),
  ipAddress: z.string().nullable(),
  userAgent: z.string().nullable(),
})

export const TokenOut = z.object({
  id: z.string(),
  name: z.string(),
  scopes: z.array(z.enum(['read', 'write'])),
  companyIds: z.array(z.string()).nullable(),
  expiresAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  createdAt: z.string(),
})

export const NewTokenOut = TokenOut.extend({ token: z.string().describe('The secret: shown this once, stored only as a hash') })

/** The answer of the routes that mail a link. */
export const MailSentOut = z.object({ sent: z.boolean(), message: z.string() }).meta({ id: 'MailSent' })
