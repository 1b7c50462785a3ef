import { ApiError } from '@docpal/plugin-sdk/client'

/** One thing that stands in the way, in a form the dialog can phrase in the admin's language. */
export type Obstacle = { kind: 'column' | 'view'; table: string; name: string } | { kind: 'dependent' | 'missing'; id: string } | { kind: 'text'; text: string }

export interface Refusal {
  message: string
  code: string | null
  obstacles: Obstacle[]
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [])

function usageItem(u: unknown): Obstacle | null {
  if (!isRecord(u)) return null
  const { kind, table, name, text } = u
  if ((kind === 'column' || kind === 'view') && typeof table === 'string' && typeof name === 'string') return { kind, table, name }
  return typeof text === 'string' ? { kind: 'text', text } : null
}

/**
 * Reads a refused enable, disable or uninstall (KRN_ERR_PLUGIN_IN_USE's `usage` and `dependents`,
 * KRN_ERR_PLUGIN_DEPENDENCY's `missing`). The server's message is kept as written: it already
 * names everything, the list only makes it easier to scan.
 */
export function readRefusal(err: unknown): Refusal {
  if (!(err instanceof ApiError)) return { message: err instanceof Error ? err.message : String(err), code: null, obstacles: [] }
  const d = err.details
  const obstacles: Obstacle[] = [
    ...strings(d['dependents']).map((id): Obstacle => ({ kind: 'dependent', id })),
    ...(Array.isArray(d['usage']) ? d['usage'] : []).map(usageItem).filter((o): o is Obstacle => o !== null),
    ...strings(d['missing']).map((id): Obstacle => ({ kind: 'missing', id })),
  ]
  return { message: err.message, code: err.code, obstacles }
}

/**
 * A disable refused only because data uses the plugin may be forced: those columns become
 * unavailable until it is enabled again. Not when other enabled plugins depend on it (the server
 * refuses that even when forced).
 */
export function canForceDisable(r: Refusal): boolean {
  return r.code === 'KRN_ERR_PLUGIN_IN_USE' && !r.obstacles.some((o) => o.kind === 'dependent')
}
