import { computed, ref, type Ref } from 'vue'
import { api, useI18n } from '@docpal/plugin-sdk/client'
import { rolesApi } from '../../../services/permissions-api.ts'
import { me } from '../../../services/session.ts'
import type { RoleInfo } from '../../../services/permission-types.ts'
import { roleLabel } from '../../../composables/role-label.ts'

/** A choice of a people list: the stored value (a user id, a role name) and what a person reads. */
export interface PersonOption {
  readonly value: string
  readonly label: string
}

/** How many of the company's users the picker lists (the directory's limit); more are typed as ids or variables. */
const DIRECTORY = 500

const users = ref<PersonOption[]>([])
// The roles as the server answers them: each picker words them in its page's language.
const roles = ref<RoleInfo[]>([])
let loadedFor: string | undefined

/**
 * The current company's users and roles for a step's `users` and `roles` lists (approvals, user
 * forms): loaded once per company for every picker on the page. The directory is readable by any
 * member; a failed load is logged and leaves the picker to typed values.
 */
export function usePeople(): { users: Readonly<Ref<PersonOption[]>>; roles: Readonly<Ref<PersonOption[]>> } {
  const { t } = useI18n()
  const companyId = me.value?.currentCompanyId
  if (companyId && loadedFor !== companyId) {
    loadedFor = companyId
    api
      .get<Array<{ id: string; name: string; email: string }>>('/api/users', { limit: DIRECTORY })
      .then((list) => (users.value = list.map((u) => ({ value: u.id, label: `${u.name} (${u.email})` }))))
      .catch((err: unknown) => console.warn('workflow editor: the company directory did not load; users are typed as ids', err))
    rolesApi
      .list(companyId)
      .then((list) => (roles.value = list))
      .catch((err: unknown) => console.warn('workflow editor: the company roles did not load; roles are typed by name', err))
  }
  return { users, roles: computed(() => roles.value.map((r) => ({ value: r.name, label: roleLabel(r, t) }))) }
}
