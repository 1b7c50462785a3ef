import { ref } from 'vue'
import { useI18n } from '@docpal/plugin-sdk/client'
import { companiesApi, type Member } from '../../services/companies.ts'
import { rolesApi } from '../../services/permissions-api.ts'
import type { RoleInfo } from '../../services/permission-types.ts'
import { me } from '../../services/session.ts'
import { roleLabel } from '../../composables/role-label.ts'
import type { RuleDraft } from './rule-draft.ts'

/**
 * The roles and members a rule can name. Owners and admins are left out of the role list: they
 * bypass every rule. The members list may be refused to a member granted `manage` (it is the
 * company's): rules for roles still work then.
 */
export function usePermissionPeople() {
  const { t } = useI18n()
  const roles = ref<RoleInfo[]>([])
  const members = ref<Member[]>([])
  async function load() {
    const companyId = me.value?.currentCompanyId
    if (!companyId) return
    const [r, m] = await Promise.all([rolesApi.list(companyId), companiesApi.members(companyId).catch(() => [] as Member[])])
    roles.value = r.filter((x) => x.name !== 'owner' && x.name !== 'admin')
    members.value = m
  }
  function label(r: RuleDraft): string {
    if (r.who === 'role') return roleLabel(roles.value.find((x) => x.name === r.role) ?? { name: r.role, label: r.role }, t)
    const m = members.value.find((x) => x.userId === r.userId)
    return m ? m.name : r.userId
  }
  return { roles, members, load, label }
}
