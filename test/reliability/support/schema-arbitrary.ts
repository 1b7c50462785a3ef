import fc from 'fast-check'

/** The JSON Schema keywords @fastify/swagger emits for DocPal's zod schemas (OpenAPI 3.0 flavour). */
export interface JsonSchema {
  type?: string | string[]
  properties?: Record<string, JsonSchema>
  required?: string[]
  additionalProperties?: boolean | JsonSchema
  items?: JsonSchema
  enum?: unknown[]
  const?: unknown
  anyOf?: JsonSchema[]
  oneOf?: JsonSchema[]
  allOf?: JsonSchema[]
  nullable?: boolean
  minLength?: number
  maxLength?: number
  minimum?: number
  maximum?: number
  minItems?: number
  maxItems?: number
  format?: string
  pattern?: string
}

/** A nested array `depth` deep, written as text by `toJson` (building it as a value would overflow our own stack). */
export class Deep {
  constructor(readonly depth: number) {}
}

/** JSON text of a fuzz value; `Deep` becomes `[[[...0...]]]`, non-finite numbers stay what JSON makes of them. */
export function toJson(v: unknown): string {
  if (v instanceof Deep) return '['.repeat(v.depth) + '0' + ']'.repeat(v.depth)
  if (Array.isArray(v)) return `[${v.map(toJson).join(',')}]`
  if (v !== null && typeof v === 'object') {
    return `{${Object.entries(v)
      .map(([k, x]) => `${JSON.stringify(k)}:${toJson(x)}`)
      .join(',')}}`
  }
  return JSON.stringify(v) ?? 'null'
}

/** Strings people and attackers send: empty, blanks, NUL, lone surrogates, NFD, bidi overrides, SQL, paths, prototype keys. */
export const EDGE_STRINGS = [
  '',
  ' ',
  '\u0000',
  '\ud800',
  '\udfff',
  'e\u0301',
  '\u00e9',
  '\u202eevil',
  '\ufeff',
  '\u2028\u2029',
  '👩‍👩‍👧‍👦',
  'ǅ',
  'a'.padEnd(300, '\u0301'),
  `x"; drop table t --`,
  "' or 1=1 --",
  '../../../../etc/passwd',
  '%00',
  '%ZZ',
  '__proto__',
  'constructor',
  '{"and":[]}',
  'null',
  'true',
  '-1',
  '1e309',
  'NaN',
]

/** Values of the wrong type anywhere: deep nesting, big numbers, prototype keys. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(
    null,
    true,
    false,
    0,
    -0,
    -1,
    2 ** 53 + 1,
    1e308,
    -1e308,
    1.5,
    [],
    {},
    [null],
    JSON.parse('{"__proto__":{"polluted":true}}') as unknown,
    ...EDGE_STRINGS,
  ),
  fc.constantFrom(new Deep(65), new Deep(1000), new Deep(10_000)),
  fc.constant({ constructor: { prototype: { polluted: true } } }),
  fc.json().map((j) => JSON.parse(j) as unknown),
  fc.string({ unit: 'binary', maxLength: 40 }),
)

/** Hints: values that exist on the server for properties of these names, so fuzzing reaches past the lookups. */
export type Hints = Readonly<Record<string, fc.Arbitrary<unknown>>>

const typeOf = (s: JsonSchema): string | undefined => (Array.isArray(s.type) ? s.type[0] : s.type)

/** A value of the schema's shape, near its boundaries sometimes; string lengths capped at `cap`. */
export function validOf(s: JsonSchema, hints: Hints, cap: number, name = ''): fc.Arbitrary<unknown> {
  const hint = hints[name]
  const plain = shaped(s, hints, cap)
  const withNull = s.nullable ? fc.oneof(plain, fc.constant(null)) : plain
  return hint ? fc.oneof({ arbitrary: hint, weight: 3 }, { arbitrary: withNull, weight: 1 }) : withNull
}

function shaped(s: JsonSchema, hints: Hints, cap: number): fc.Arbitrary<unknown> {
  if (s.const !== undefined) return fc.constant(s.const)
  if (s.enum) return fc.constantFrom(...s.enum)
  const alts = s.anyOf ?? s.oneOf
  if (alts && alts.length > 0) return fc.oneof(...alts.map((a) => validOf(a, hints, cap)))
  if (s.allOf && s.allOf.length > 0) return validOf(s.allOf[0]!, hints, cap)
  switch (typeOf(s)) {
    case 'string':
      return stringOf(s, cap)
    case 'integer':
    case 'number': {
      const min = s.minimum ?? -1e9
      const max = s.maximum ?? 1e9
      const int = fc.integer({ min: Math.ceil(Math.max(min, -(2 ** 31))), max: Math.floor(Math.min(max, 2 ** 31)) })
      const edges = fc.constantFrom(min, max, Math.ceil(min), Math.floor(max))
      return typeOf(s) === 'integer' ? fc.oneof(int, edges) : fc.oneof(int, edges, fc.double({ min, max, noNaN: true }))
    }
    case 'boolean':
      return fc.boolean()
    case 'null':
      return fc.constant(null)
    case 'array': {
      const item = s.items ? validOf(s.items, hints, cap) : hostileValue
      return fc.array(item, { minLength: s.minItems ?? 0, maxLength: Math.min(s.maxItems ?? 5, 5) })
    }
    case 'object':
      return objectOf(s, hints, cap)
    default:
      return hostileValue
  }
}

function stringOf(s: JsonSchema, cap: number): fc.Arbitrary<string> {
  if (s.format === 'uuid') return fc.uuid()
  const min = s.minLength ?? 0
  const max = Math.min(s.maxLength ?? 64, cap)
  const edge = EDGE_STRINGS.filter((x) => x.length >= min && x.length <= max)
  const boundary = fc.constantFrom(...new Set([Math.max(min, 0), max].filter((n) => n <= cap))).map((n) => 'é'.repeat(n))
  const short = fc.string({ unit: 'grapheme', minLength: min, maxLength: Math.max(min, Math.min(max, 24)) })
  return edge.length > 0 ? fc.oneof(short, boundary, fc.constantFrom(...edge)) : fc.oneof(short, boundary)
}

function objectOf(s: JsonSchema, hints: Hints, cap: number): fc.Arbitrary<unknown> {
  const props = s.properties ?? {}
  const required = new Set(s.required ?? [])
  const clean: Record<string, fc.Arbitrary<unknown>> = {}
  const mixed: Record<string, fc.Arbitrary<unknown>> = {}
  for (const [k, p] of Object.entries(props)) {
    clean[k] = validOf(p, hints, cap, k)
    // usually valid, sometimes hostile, so one bad field sits among good ones
    mixed[k] = fc.oneof({ arbitrary: clean[k], weight: 4 }, { arbitrary: hostileValue, weight: 1 })
  }
  const optional = Object.keys(props).filter((k) => !required.has(k))
  const known: fc.Arbitrary<Record<string, unknown>> = fc.oneof(fc.record(clean, { requiredKeys: [...required] }), fc.record(mixed, { requiredKeys: [...required] }))
  const extra = s.additionalProperties && typeof s.additionalProperties === 'object' ? validOf(s.additionalProperties, hints, cap) : hostileValue
  const none = fc.constant<Record<string, unknown>>({})
  const extras = fc.oneof(none, fc.dictionary(fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom(...EDGE_STRINGS)), extra, { maxKeys: optional.length === 0 ? 4 : 2 }))
  return fc.tuple(known, extras).map(([a, b]) => ({ ...b, ...a }))
}

/** Any value for a schema: valid-shaped mostly, plus wholly wrong ones. */
export function fuzzOf(s: JsonSchema, hints: Hints, cap: number): fc.Arbitrary<unknown> {
  return fc.oneof({ arbitrary: validOf(s, hints, cap), weight: 4 }, { arbitrary: hostileValue, weight: 1 })
}
