import { ref, type Ref } from 'vue'
import { api } from '@docpal/plugin-sdk/client'
import { rolesApi } from '../../../services/permissions-api.ts'
import { me } from '../../../services/session.ts'

/** A choice of a people list: the stored value (a user id, a role name) and what a person reads. */
export interface PersonOption {
  readonly value: string
  readonly label: string
}

/** How many of the company's users the picker lists (the directory's limit); more are typed as ids or variables. */
const DIRECTORY = 500

const users = ref<PersonOption[]>([])
const roles = ref<PersonOption[]>([])
let loadedFor: string | undefined

/**
 * The current company's users and roles for a step's `users` and `roles` lists (approvals, user
 * forms): loaded once per company for every picker on the page. The directory is readable by any
 * member; a failed load is logged and leaves the picker to typed values.
 */
export function usePeople(): { users: Ref<PersonOption[]>; roles: Ref<PersonOption[]> } {
  const companyId = me.value?.currentCompanyId
  if (companyId && loadedFor !== companyId) {
    loadedFor = companyId
    api
      .get<Array<{ id: string; name: string; email: string }>>('/api/users', { limit: DIRECTORY })
      .then((list) => (users.value = list.map((u) => ({ value: u.id, label: `${u.name} (${u.email})` }))))
      .catch((err: unknown) => console.warn('workflow editor: the company directory did not load; users are typed as ids', err))
    rolesApi
      .list(companyId)
      .then((list) => (roles.value = list.map((r) => ({ value: r.name, label: r.label }))))
      .catch((err: unknown) => console.warn('workflow editor: the company roles did not load; roles are typed by name', err))
  }
  return { users, roles }
}
