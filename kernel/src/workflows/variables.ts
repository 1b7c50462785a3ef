import { codes } from '../errors/codes.ts'
import { cellText } from '../records/export-cell.ts'

/**
 * `{{trigger.record.Amount}}` and `{{steps.invoice.id}}` in step configs. A string that is one
 * variable and nothing else becomes the variable's value, typed (a number stays a number, a select
 * its option id: copied into another record, it is the same option); a variable inside text is
 * written into it as a person reads it: a record's values by their labels (`trigger.labels`,
 * trigger-labels.ts) and as an export spells a cell (`cellText`): lists joined with ', ', linked
 * records and users by name, other objects as JSON, nothing as ''. Paths split on dots; field names may hold spaces (`{{trigger.record.Deal name}}`).
 */
const WHOLE = /^\{\{\s*([^{}]+?)\s*\}\}$/
const INSIDE = /\{\{\s*([^{}]+?)\s*\}\}/g
const MAX_DEPTH = 20

function lookup(vars: unknown, path: string): unknown {
  let at: unknown = vars
  for (const key of path.split('.')) {
    if (at === null || typeof at !== 'object') return undefined
    at = Object.hasOwn(at, key) ? (at as Record<string, unknown>)[key] : undefined
  }
  return at
}

/** Inside text, the triggering record's values (and those before an update) by their labels where the trigger has them. */
function textOf(vars: unknown, path: string): string {
  const m = /^trigger\.(record|before)\.(.+)$/.exec(path)
  const label = m ? lookup(vars, `trigger.labels.${m[1]}.${m[2]}`) : undefined
  return cellText(label !== undefined ? label : lookup(vars, path))
}

/** `value` with its variables replaced from `vars` (a new value; `value` is not changed). */
export function fillVariables(value: unknown, vars: unknown, depth = 0): unknown {
  if (depth > MAX_DEPTH) return value
  if (typeof value === 'string') {
    const whole = WHOLE.exec(value)
    if (whole?.[1] !== undefined) return lookup(vars, whole[1]) ?? null
    return value.includes('{{') ? value.replace(INSIDE, (_, path: string) => textOf(vars, path)) : value
  }
  if (Array.isArray(value)) return value.map((v) => fillVariables(v, vars, depth + 1))
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fillVariables(v, vars, depth + 1)]))
  return value
}

const ROOTS = new Set(['trigger', 'steps', 'loop'])

/** Refuses a variable that starts anywhere but `trigger.` or `steps.`, at its config path. */
export function checkVariables(value: unknown, path: Array<string | number>, depth = 0): void {
  if (depth > MAX_DEPTH) throw codes.KRN_ERR_VALIDATION(`A step's config nests at most ${MAX_DEPTH} deep.`, { path })
  if (typeof value === 'string') {
    for (const m of value.matchAll(INSIDE)) {
      const root = (m[1] ?? '').split('.')[0] ?? ''
      if (!ROOTS.has(root))
        throw codes.KRN_ERR_VALIDATION(`Variable '{{${m[1]}}}' is unknown: variables start with 'trigger.', 'steps.<step id>.' or 'loop.<loop step id>.'.`, { path })
    }
  } else if (Array.isArray(value)) value.forEach((v, i) => checkVariables(v, [...path, i], depth + 1))
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) checkVariables(v, [...path, k], depth + 1)
}

/**
 * `value` with each variable's path passed through `rename` (split on dots; a new value). A
 * variable `rename` leaves as it was keeps its spelling, spaces inside the braces included.
 */
export function renameInVariables(value: unknown, rename: (path: string[]) => string[], depth = 0): unknown {
  if (depth > MAX_DEPTH) return value
  if (typeof value === 'string')
    return value.includes('{{')
      ? value.replace(INSIDE, (whole: string, path: string) => {
          const next = rename(path.split('.')).join('.')
          return next === path ? whole : whole.replace(path, () => next)
        })
      : value
  if (Array.isArray(value)) return value.map((v) => renameInVariables(v, rename, depth + 1))
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renameInVariables(v, rename, depth + 1)]))
  return value
}
