/**
 * A run's or step's error as a person reads it. The engine stores `{message, step, path, type,
 * attempt, attempts}` when a step fails for good, `{message, attempt}` on a step between its
 * attempts and `{message}` when the run itself cannot go on (docs/workflows.md, run-executor.ts),
 * with a catalogued `code` where there is one and the message in other languages (`messages`, by
 * locale). Whatever else the object holds stays in `raw`, for the details.
 */
export interface RunErrorView {
  readonly message: string
  /** The message by locale, where it has words in other languages than English. */
  readonly messages?: Readonly<Record<string, string>>
  readonly code?: string
  readonly step?: string
  readonly type?: string
  readonly attempt?: number
  readonly attempts?: number
  readonly raw: unknown
}

const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined)
const count = (v: unknown): number | undefined => (typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : undefined)

/** The error's parts, or null when there is none; an error of an unknown shape is shown as its JSON. */
export function runError(raw: unknown): RunErrorView | null {
  if (raw === null || raw === undefined || raw === '') return null
  if (typeof raw === 'string') return { message: raw, raw }
  if (typeof raw !== 'object' || Array.isArray(raw)) return { message: JSON.stringify(raw), raw }
  const o = raw as Record<string, unknown>
  // An API error passed on as it came (`{error: {code, message}}`, API.md) reads as its inner error.
  const inner = o['error']
  if (!text(o['message']) && inner !== null && typeof inner === 'object' && !Array.isArray(inner) && text((inner as Record<string, unknown>)['message'])) {
    const view = runError(inner)
    return view && { ...view, raw }
  }
  const message = text(o['message'])
  const messages = wordsByLocale(o['messages'])
  const code = text(o['code'])
  const step = text(o['step'])
  const type = text(o['type'])
  const attempt = count(o['attempt'])
  const attempts = count(o['attempts'])
  return {
    message: message ?? JSON.stringify(raw),
    ...(messages ? { messages } : {}),
    ...(code ? { code } : {}),
    ...(step ? { step } : {}),
    ...(type ? { type } : {}),
    ...(attempt ? { attempt } : {}),
    ...(attempts ? { attempts } : {}),
    raw,
  }
}

function wordsByLocale(v: unknown): Record<string, string> | undefined {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return undefined
  const out = Object.fromEntries(Object.entries(v).filter((e): e is [string, string] => text(e[1]) !== undefined))
  return Object.keys(out).length ? out : undefined
}

/** The message in `locale` where the error has it, else the English one. */
export function messageIn(view: RunErrorView, locale: string): string {
  return view.messages?.[locale] ?? view.message
}

/** Whether the details say more than the lines shown: only then are they offered. */
export function hasMoreDetail(view: RunErrorView): boolean {
  if (typeof view.raw !== 'object' || view.raw === null) return false
  const shown = new Set(['message', 'messages', 'code', 'step', 'type', 'attempt', 'attempts'])
  return Object.keys(view.raw).some((k) => !shown.has(k))
}
