/** A condition over values the run already has: nested and/or of comparisons. */
export type Test = { readonly and: ReadonlyArray<Test> } | { readonly or: ReadonlyArray<Test> } | { readonly left?: unknown; readonly op: Op; readonly right?: unknown }
export type Op = 'eq' | 'neq' | 'gt' | 'gte' | 'lt' | 'lte' | 'contains' | 'notContains' | 'empty' | 'notEmpty'

/** Scalars as text; anything else as JSON (never "[object Object]"). */
const text = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v))
const isEmpty = (v: unknown) => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0)

/** Numbers compare as numbers (numeric text too), ISO dates as times, the rest as text. */
function compare(a: unknown, b: unknown): number | undefined {
  if (isEmpty(a) || isEmpty(b)) return undefined
  const na = typeof a === 'number' ? a : typeof a === 'string' && a.trim() !== '' ? Number(a) : NaN
  const nb = typeof b === 'number' ? b : typeof b === 'string' && b.trim() !== '' ? Number(b) : NaN
  if (!Number.isNaN(na) && !Number.isNaN(nb)) return na - nb
  const da = typeof a === 'string' ? Date.parse(a) : NaN
  const db = typeof b === 'string' ? Date.parse(b) : NaN
  if (!Number.isNaN(da) && !Number.isNaN(db)) return da - db
  return text(a).localeCompare(text(b))
}

/** Empty equals empty; a number compares numerically (5 = "5"); text ignores case; lists and objects as JSON. */
function equal(a: unknown, b: unknown): boolean {
  if (isEmpty(a) && isEmpty(b)) return true
  if (isEmpty(a) || isEmpty(b)) return false
  if (typeof a === 'object' || typeof b === 'object') return JSON.stringify(a) === JSON.stringify(b)
  if (typeof a === 'number' || typeof b === 'number') return compare(a, b) === 0
  return text(a).toLowerCase() === text(b).toLowerCase()
}

function contains(a: unknown, b: unknown): boolean {
  if (Array.isArray(a)) return a.some((x) => equal(x, b))
  return typeof a === 'string' && !isEmpty(b) && a.toLowerCase().includes(text(b).toLowerCase())
}

export function holds(t: Test): boolean {
  if ('and' in t) return t.and.every(holds)
  if ('or' in t) return t.or.some(holds)
  const c = compare(t.left, t.right)
  switch (t.op) {
    case 'eq':
      return equal(t.left, t.right)
    case 'neq':
      return !equal(t.left, t.right)
    case 'gt':
      return c !== undefined && c > 0
    case 'gte':
      return c !== undefined && c >= 0
    case 'lt':
      return c !== undefined && c < 0
    case 'lte':
      return c !== undefined && c <= 0
    case 'contains':
      return contains(t.left, t.right)
    case 'notContains':
      return !contains(t.left, t.right)
    case 'empty':
      return isEmpty(t.left)
    case 'notEmpty':
      return !isEmpty(t.left)
  }
}
