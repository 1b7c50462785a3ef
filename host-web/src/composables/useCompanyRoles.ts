import { ref } from 'vue'
import { useI18n } from '@docpal/plugin-sdk/client'
import { rolesApi } from '../services/permissions-api.ts'
import type { RoleInfo } from '../services/permission-types.ts'
import { roleLabel as labelOf } from './role-label.ts'

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
  const roleLabel = (name: string) => labelOf(roles.value.find((r) => r.name === name) ?? { name, label: name }, t)
  async function loadRoles(companyId: string): Promise<void> {
    roles.value = (await rolesApi.list(companyId)).filter((x) => x.name !== 'owner')
  }
  return { roles, roleLabel, loadRoles }
}
