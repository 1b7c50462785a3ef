import { reactive } from 'vue'
import { api } from '@docpal/plugin-sdk/client'

/** A user as the API answers it in a user field. */
export interface UserRef {
  readonly id: string
  readonly name: string
  readonly avatar?: string | null
}

/** Users seen on this page (in cells or in the directory), by id: names for ids an editor holds. */
export const knownUsers = reactive(new Map<string, UserRef>())

const isUser = (v: unknown): v is UserRef => !!v && typeof v === 'object' && typeof (v as UserRef).id === 'string'

/** The users of a value (`{id,name,avatar}`, a list of them, or ids as an editor holds them), remembered. */
export function usersOf(value: unknown): UserRef[] {
  const list = Array.isArray(value) ? value : value == null ? [] : [value]
  return list.flatMap((v): UserRef[] => {
    if (isUser(v)) {
      const u = { id: v.id, name: typeof v.name === 'string' && v.name ? v.name : v.id, avatar: v.avatar ?? null }
      if (knownUsers.get(u.id)?.name !== u.name) knownUsers.set(u.id, u)
      return [u]
    }
    if (typeof v === 'string') return [knownUsers.get(v) ?? { id: v, name: v, avatar: null }]
    return []
  })
}

/** The company's users matching `search` (name or email), narrowed to the field's roles. */
export async function searchUsers(search: string, roles: readonly string[] = []): Promise<UserRef[]> {
  const found = await api.get<UserRef[]>('/api/users', { search: search || undefined, roles: roles.length ? roles.join(',') : undefined, limit: 50 })
  return usersOf(found)
}

/** The directory read for a page of history: a company larger than this shows ids past it. */
const DIRECTORY_LIMIT = 500

/** Stored user ids (as the audit log keeps them) as the API answers them, `{id, name, avatar}`. */
export async function resolveUsers(values: ReadonlyArray<unknown>): Promise<unknown[]> {
  const ids = values.flatMap((v): unknown[] => (Array.isArray(v) ? (v as unknown[]) : [v])).filter((v): v is string => typeof v === 'string')
  if (ids.some((id) => !knownUsers.has(id))) usersOf(await api.get<UserRef[]>('/api/users', { limit: DIRECTORY_LIMIT }))
  return values.map((v) => (v == null ? v : Array.isArray(v) ? usersOf(v) : (usersOf(v)[0] ?? v)))
}
