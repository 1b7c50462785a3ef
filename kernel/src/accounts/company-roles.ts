/** The basic company roles (issue 16): fine-grained permissions come with their own issue. */
export type CompanyRole = 'owner' | 'admin' | 'member'

/** Owners and admins manage the company, its members and its schema. */
export function managesCompany(role: string | undefined): boolean {
  return role === 'owner' || role === 'admin'
}
