import { reactive } from 'vue'

/** A user as the API answers it in a user field. */
export interface UserRef {
  readonly id: string
  readonly name: string
  readonly avatar?: string | null
}

/**
 * Users seen on this page, by id. The API has no user directory yet, so the editor offers the
 * people that cells already show (and accepts a pasted user id).
 */
export const knownUsers = reactive(new Map<string, UserRef>())

const isUser = (v: unknown): v is UserRef => !!v && typeof v === 'object' && typeof (v as UserRef).id === 'string'

/** The users of a value (`{id,name,avatar}`, a list of them, or ids as an editor holds them), remembered. */
export function usersOf(value: unknown): UserRef[] {
  const list = Array.isArray(value) ? value : value == null ? [] : [value]
  return list.flatMap((v): UserRef[] => {
    if (isUser(v)) {
      const u = { id: v.id, name: typeof v.name === 'string' && v.name ? v.name : v.id, avatar: v.avatar ?? null }
      if (!knownUsers.has(u.id) || knownUsers.get(u.id)!.name !== u.name) knownUsers.set(u.id, u)
      return [u]
    }
    if (typeof v === 'string') return [knownUsers.get(v) ?? { id: v, name: v, avatar: null }]
    return []
  })
}
