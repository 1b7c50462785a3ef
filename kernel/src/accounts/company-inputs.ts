import { z } from 'zod'

/** Request shapes of the companies, members and invitations API (validation and the OpenAPI document). */

/** A company's address in URLs: lowercase letters, digits and single dashes, 3 to 50 characters. */
export const Slug = z
  .string()
  .trim()
  .min(3, 'at least 3 characters')
  .max(50, 'at most 50 characters')
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'lowercase letters, digits and single dashes (e.g. acme-sales)')

/** Bounds a logo: a link, or a small picture inline (256 KiB of base64 is about 190 KB of image). */
export const MAX_LOGO_URL = 2048
export const MAX_LOGO_DATA_URL = 262_144
// SVG is not taken inline: it can carry script, and a logo is shown on every page.
const LOGO_DATA_URL = /^data:image\/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/]+={0,2}$/

export const Logo = z
  .string()
  .max(MAX_LOGO_DATA_URL, `at most ${MAX_LOGO_DATA_URL} characters (an inline picture of about 190 KB)`)
  .refine(
    (s) => (s.startsWith('data:') ? LOGO_DATA_URL.test(s) : s.length <= MAX_LOGO_URL && /^https?:\/\/[^\s]+$/i.test(s)),
    `an http(s) URL of at most ${MAX_LOGO_URL} characters, or a data:image/png|jpeg|gif|webp;base64 URL`,
  )

const CompanyName = z.string().trim().normalize('NFC').min(1, 'must not be empty').max(200)
const Description = z.string().max(10_000)

export const CompanyInput = z.strictObject({
  name: CompanyName,
  slug: Slug.optional().describe('unset: made from the name'),
  logo: Logo.nullish(),
  description: Description.nullish(),
})

export const CompanyPatch = z.strictObject({
  name: CompanyName.optional(),
  slug: Slug.optional(),
  logo: Logo.nullable().optional(),
  description: Description.nullable().optional(),
})

export const CompanyDelete = z.strictObject({ confirm: z.string().max(100).describe("the company's slug, typed again") })

/** A role's name: admin, member or one the company defined; `owner` moves only by transfer. */
export const RoleName = z
  .string()
  .regex(/^[a-z][a-z0-9_-]{0,49}$/, 'a role name: lowercase letters, digits, - and _, starting with a letter')
  .refine((r) => r !== 'owner', 'ownership moves only by transfer (POST /api/companies/:id/transfer-ownership)')
export const MemberPatch = z.strictObject({ role: RoleName })
export const RoleInput = z.strictObject({
  name: RoleName.refine((r) => r !== 'admin' && r !== 'member', 'admin and member exist in every company: choose another name'),
  label: z.string().trim().min(1).max(100),
})
export const RolePatch = z.strictObject({ label: z.string().trim().min(1).max(100) })
export const TransferBody = z.strictObject({ userId: z.uuid() })

const Email = z
  .string()
  .trim()
  .min(3)
  .max(254)
  .regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'an email address such as ada@example.com')

/** An invitation gives admin, member or a role the company defined (checked when inviting). */
export const InvitationInput = z.strictObject({ email: Email, role: RoleName.default('member') })
