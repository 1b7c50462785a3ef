import { sql, type AnyColumn, type SQL } from 'drizzle-orm'
import type { Executor } from '../db/executor.ts'
import { codes } from '../errors/codes.ts'

/** The basic company roles (issue 16): fine-grained permissions come with their own issue. */
export type CompanyRole = 'owner' | 'admin' | 'member'

/** Owners and admins manage the company, its members and its schema. */
export function managesCompany(role: string | undefined): boolean {
  return role === 'owner' || role === 'admin'
}

/**
 * Refuses (400 at `role`) a role the company does not have among those a person can be given
 * (admin, member, or one the company defined: issue 17). A defined role's row is held FOR SHARE
 * until the caller's transaction ends, so the role cannot be deleted before what gives it commits
 * (RolesService.delete deletes first and counts after).
 */
export async function holdGivableRole(tx: Executor, companyId: string, role: string): Promise<void> {
  if (role === 'admin' || role === 'member') return
  const [known] = await tx.query<{ name: string }>(sql`select name from company_roles where company_id = ${companyId} and name = ${role} for share`)
  if (!known) throw codes.KRN_ERR_ROLE_UNKNOWN(role, 'admin, member and the roles the company defined (GET /api/companies/:id/roles)', { path: ['role'] })
}

/**
 * The label of the role `role` holds in company `companyId` when the company defined it; null for
 * owner, admin and member, which readers name in their own language (the web app's roleLabel).
 * Read where the role is, so that a list of companies names each caller's custom role as its
 * company does, not by its internal name.
 */
export function definedRoleLabel(companyId: AnyColumn, role: AnyColumn): SQL<string | null> {
  return sql<string | null>`(select r.label from company_roles r where r.company_id = ${companyId} and r.name = ${role})`
}
