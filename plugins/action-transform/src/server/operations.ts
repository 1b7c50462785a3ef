import { StepError, z } from '@docpal/plugin-sdk'

/**
 * A small, safe mapping language over the run's variables. The formula language compiles to SQL
 * against one table's columns, so it cannot evaluate a list that came from a trigger or an HTTP
 * answer; these operations are plain data, run in JavaScript, and cannot reach anything but the
 * values they are given. `from` is usually one variable (`{{steps.list.records}}`), which the
 * engine fills in typed (a list stays a list).
 */
const Field = z.string().min(1).max(200)
const From = z.unknown().describe('A value or list, usually one variable, e.g. {{steps.lookup.records}}')
const Compare = z.enum(['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'contains', 'empty', 'notEmpty'])

export const Operation = z.discriminatedUnion('op', [
  z.object({ op: z.literal('value'), value: z.unknown() }).strict(),
  z
    .object({ op: z.literal('pick'), from: From, fields: z.array(Field).min(1).max(100), rename: z.record(Field, Field).optional() })
    .strict()
    .describe('Keeps these fields of an object (or of each object of a list), optionally renamed'),
  z
    .object({ op: z.literal('map'), from: From, field: Field })
    .strict()
    .describe("A list of each item's field"),
  z.object({ op: z.literal('filter'), from: From, field: Field, is: Compare, value: z.unknown().optional() }).strict(),
  z.object({ op: z.enum(['sum', 'count', 'min', 'max', 'avg']), from: From, field: Field.optional() }).strict(),
  z.object({ op: z.literal('join'), from: From, field: Field.optional(), separator: z.string().max(20).default(', ') }).strict(),
  z.object({ op: z.enum(['first', 'last']), from: From }).strict(),
])
export type Operation = z.output<typeof Operation>

/** Lists longer than this are refused rather than walked (a step's output is stored as JSON). */
export const MAX_ITEMS = 10_000

function list(v: unknown, op: string): unknown[] {
  if (v === null || v === undefined) return []
  if (!Array.isArray(v)) return [v]
  if (v.length > MAX_ITEMS) throw new StepError('tooMany', "'{op}' takes at most {max} items; it got {count}", { op, max: MAX_ITEMS, count: v.length })
  return v
}

/** A field of an item: records as workflow steps see them keep their values under `fields`. */
function fieldOf(item: unknown, field: string | undefined): unknown {
  if (field === undefined) return item
  if (item === null || typeof item !== 'object') return undefined
  const own = (o: object, k: string): unknown => (Object.hasOwn(o, k) ? (o as Record<string, unknown>)[k] : undefined)
  const direct = own(item, field)
  if (direct !== undefined) return direct
  const fields = own(item, 'fields')
  return fields !== null && typeof fields === 'object' ? own(fields, field) : undefined
}

function numbers(items: unknown[], field: string | undefined): number[] {
  return items
    .map((i) => fieldOf(i, field))
    .flatMap((v) => (typeof v === 'number' ? [v] : typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? [Number(v)] : []))
}

/** A value as comparable text: primitives as themselves, objects and lists as JSON. */
function text(v: unknown): string {
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v ?? null)
}

function compare(a: unknown, is: z.output<typeof Compare>, b: unknown): boolean {
  const empty = a === null || a === undefined || a === '' || (Array.isArray(a) && a.length === 0)
  switch (is) {
    case 'empty':
      return empty
    case 'notEmpty':
      return !empty
    case 'eq':
      return a === b || (a !== null && b !== null && typeof a !== 'object' && typeof b !== 'object' && text(a) === text(b))
    case 'neq':
      return !compare(a, 'eq', b)
    case 'contains':
      return Array.isArray(a) ? a.some((x) => compare(x, 'eq', b)) : typeof a === 'string' && a.toLowerCase().includes(text(b).toLowerCase())
    default: {
      if (empty || b === null || b === undefined) return false
      const [x, y] = typeof a === 'number' || typeof b === 'number' ? [Number(a), Number(b)] : [text(a), text(b)]
      return is === 'gt' ? x > y : is === 'gte' ? x >= y : is === 'lt' ? x < y : x <= y
    }
  }
}

function pick(item: unknown, fields: ReadonlyArray<string>, rename: Readonly<Record<string, string>>): Record<string, unknown> {
  return Object.fromEntries(fields.map((f): [string, unknown] => [(Object.hasOwn(rename, f) ? rename[f] : undefined) ?? f, fieldOf(item, f) ?? null]))
}

/** The value of one operation. */
export function evaluate(o: Operation): unknown {
  switch (o.op) {
    case 'value':
      return o.value
    case 'pick':
      return Array.isArray(o.from) ? list(o.from, o.op).map((i) => pick(i, o.fields, o.rename ?? {})) : pick(o.from, o.fields, o.rename ?? {})
    case 'map':
      return list(o.from, o.op).map((i) => fieldOf(i, o.field) ?? null)
    case 'filter':
      return list(o.from, o.op).filter((i) => compare(fieldOf(i, o.field), o.is, o.value))
    case 'count':
      return o.field === undefined ? list(o.from, o.op).length : list(o.from, o.op).filter((i) => compare(fieldOf(i, o.field), 'notEmpty', null)).length
    case 'sum':
      return numbers(list(o.from, o.op), o.field).reduce((s, n) => s + n, 0)
    case 'avg': {
      const ns = numbers(list(o.from, o.op), o.field)
      return ns.length ? ns.reduce((s, n) => s + n, 0) / ns.length : null
    }
    case 'min':
    case 'max': {
      const ns = numbers(list(o.from, o.op), o.field)
      return ns.length ? (o.op === 'min' ? Math.min(...ns) : Math.max(...ns)) : null
    }
    case 'join':
      return list(o.from, o.op)
        .map((i) => fieldOf(i, o.field))
        .filter((v) => v !== null && v !== undefined)
        .map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v as string | number | boolean)))
        .join(o.separator)
    case 'first':
      return list(o.from, o.op)[0] ?? null
    case 'last':
      return list(o.from, o.op).at(-1) ?? null
  }
}
