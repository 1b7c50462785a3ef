import type { WorkflowWarning } from '../../../services/workflows-api.ts'
import { roleLabel } from '../../../composables/role-label.ts'

/** The parts of vue-i18n this needs (the component's `t` and `te`). */
export interface Words {
  t(key: string, params?: Record<string, unknown>): string
  te(key: string): boolean
}

const NAMED_FIELDS = 5

/**
 * A workflow warning in the reader's language, from its code and what it names; the server's
 * English message for a code this build does not know (a newer server).
 */
export function warningText(w: WorkflowWarning, words: Words): string {
  const key = `wfb.warn.${w.code}`
  if (!words.te(key)) return w.message
  const quoted = (name: string) => words.t('wfb.warn.quoted', { name })
  const who =
    w.params.who.kind === 'role' ? words.t('wfb.warn.role', { name: roleLabel({ name: w.params.who.id, label: w.params.who.name }, (k) => words.t(k)) }) : quoted(w.params.who.name)
  const all = w.params.fields ?? []
  const list = all.slice(0, NAMED_FIELDS).map(quoted).join(words.t('wfb.warn.separator'))
  const fields = all.length > NAMED_FIELDS ? words.t('wfb.warn.more', { list, n: all.length - NAMED_FIELDS }) : list
  return words.t(key, { who, table: quoted(w.params.table), fields })
}
