import type { WorkflowWarning } from '../../../services/workflows-api.ts'
import { roleLabel } from '../../../composables/role-label.ts'

/** The parts of vue-i18n this needs (the component's `t` and `te`). */
export interface Words {
  t(key: string, params?: Record<string, unknown>): string
  te(key: string): boolean
}

const NAMED_FIELDS = 5

/** What is at `path` in `root` (a warning's path into the saved definition), if anything. */
function valueAt(root: unknown, path: ReadonlyArray<string | number>): unknown {
  let at = root
  for (const key of path) {
    if (at === null || typeof at !== 'object') return undefined
    at = (at as Record<string | number, unknown>)[key]
  }
  return at
}

/**
 * A workflow warning in the reader's language, from its code and what it names; the server's
 * English message for a code this build does not know (a newer server). `saved` is the definition
 * the warning is about: the server names a role by its label, English for owner, admin and member,
 * and the role's own name is read where the warning's path points in it.
 */
export function warningText(w: WorkflowWarning, words: Words, saved?: unknown): string {
  const key = `wfb.warn.${w.code}`
  if (!words.te(key)) return w.message
  const quoted = (name: string) => words.t('wfb.warn.quoted', { name })
  const who = w.params.who.kind === 'role' ? words.t('wfb.warn.role', { name: roleName(w, words, saved) }) : quoted(w.params.who.name)
  const all = w.params.fields ?? []
  const list = all.slice(0, NAMED_FIELDS).map(quoted).join(words.t('wfb.warn.separator'))
  const fields = all.length > NAMED_FIELDS ? words.t('wfb.warn.more', { list, n: all.length - NAMED_FIELDS }) : list
  return words.t(key, { who, table: quoted(w.params.table), fields })
}

/** A warned-about role's name for the reader: built-in ones in their language, others by the server's label. */
function roleName(w: WorkflowWarning, words: Words, saved: unknown): string {
  const role = valueAt(saved, w.path)
  return typeof role === 'string' ? roleLabel({ name: role, label: w.params.who.name }, (k) => words.t(k)) : w.params.who.name
}
