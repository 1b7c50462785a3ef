// Helpers for actions that make tasks (approvals, forms): who it goes to and by when.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/**
 * Who a task goes to: user ids given, or found in variables (a user field holds an id or a list
 * of ids); anything that is not a user id is refused, so a wrong variable fails the step loudly.
 */
export function taskAssignees(users: ReadonlyArray<unknown>, roles: ReadonlyArray<string>): { users: string[]; roles: string[] } {
  const ids = new Set<string>()
  const add = (v: unknown): void => {
    if (Array.isArray(v)) {
      v.forEach(add)
      return
    }
    if (v === null || v === undefined || v === '') return
    if (typeof v === 'object' && 'id' in v) {
      add(v.id)
      return
    }
    if (typeof v !== 'string' || !UUID.test(v)) throw new Error(`'${JSON.stringify(v).slice(0, 80)}' is not a user id`)
    ids.add(v.toLowerCase())
  }
  users.forEach(add)
  if (!ids.size && !roles.length) throw new Error('the task has nobody to go to: give users or roles')
  return { users: [...ids], roles: [...roles] }
}

export function taskDueAt(hours: number | undefined): { dueAt?: string } {
  return hours === undefined ? {} : { dueAt: new Date(Date.now() + hours * 3_600_000).toISOString() }
}
