import { ref } from 'vue'
import { useI18n } from '@docpal/plugin-sdk/client'
import { rolesApi } from '../services/permissions-api.ts'
import type { RoleInfo } from '../services/permission-types.ts'

const BUILT_IN = new Set(['owner', 'admin', 'member'])

/** Whether a role is one every company has (named in the page's language, not by the company). */
export const isBuiltInRole = (name: string): boolean => BUILT_IN.has(name)

/**
 * The roles a member can be given or invited with (admin, member and the company's own; not
 * owner, which moves by transfer), and a role's name for people: built-in roles in the page's
 * language, the company's own by their label.
 */
export function useCompanyRoles() {
  const { t } = useI18n()
  // Until the company's roles are read, the two every company has.
  const roles = ref<RoleInfo[]>([
    { name: 'admin', label: 'Admin', builtIn: true },
    { name: 'member', label: 'Member', builtIn: true },
  ])
  const roleLabel = (name: string) => (BUILT_IN.has(name) ? t(`company.roles.${name}`) : (roles.value.find((r) => r.name === name)?.label ?? name))
  async function loadRoles(companyId: string): Promise<void> {
    roles.value = (await rolesApi.list(companyId)).filter((x) => x.name !== 'owner')
  }
  return { roles, roleLabel, loadRoles }
}
