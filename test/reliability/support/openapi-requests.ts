import fc from 'fast-check'
import { EDGE_STRINGS, fuzzOf, hostileValue, toJson, type Hints, type JsonSchema } from './schema-arbitrary.ts'

interface Parameter {
  name: string
  in: 'path' | 'query' | 'header'
  required?: boolean
  schema: JsonSchema
}

interface Operation {
  parameters?: Parameter[]
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> }
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>
}

/** One operation of the document: `POST /api/tables/{id}/columns` and what it takes. */
export interface FuzzOperation {
  readonly method: string
  readonly path: string
  readonly parameters: ReadonlyArray<Parameter>
  readonly body: JsonSchema | undefined
}

/** A concrete request: what to send, and how to say it again in a report. */
export interface FuzzRequest {
  readonly method: string
  readonly url: string
  readonly body: string | undefined
}

export function operationsOf(doc: OpenApiDocument): FuzzOperation[] {
  return Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      parameters: op.parameters ?? [],
      body: op.requestBody?.content?.['application/json']?.schema,
    })),
  )
}

/** Path segments that are not ids: traversal, encodings, empty-ish and oversized. */
const HOSTILE_SEGMENTS = ['..', '%2e%2e', '%2F', '%00', '%ZZ', '%ED%A0%80', '%C0%AF', ' ', '00000000-0000-0000-0000-000000000000', 'A'.repeat(2000), 'null', '-1']

function segment(value: string): string {
  try {
    return encodeURIComponent(value)
  } catch {
    // a lone surrogate: send its raw (invalid) UTF-8 bytes, escaped
    return '%ED%A0%80'
  }
}

/** `{id}` in `/api/apps/{id}` means an app id: the hint key is the segment before it. */
function hintKey(path: string, name: string): string {
  if (name !== 'id') return name
  const before = path.split('/{id}')[0]!.split('/').pop() ?? ''
  return `${before}:id`
}

/**
 * Requests for one operation: path parameters mostly real ids (from hints), sometimes random or
 * hostile segments; query parameters and the body from the operation's own schemas.
 */
export function requestsOf(op: FuzzOperation, hints: Hints): fc.Arbitrary<FuzzRequest> {
  const pathParams = op.parameters.filter((p) => p.in === 'path')
  const queryParams = op.parameters.filter((p) => p.in === 'query')
  const path: Record<string, fc.Arbitrary<string>> = {}
  for (const p of pathParams) {
    const known = hints[hintKey(op.path, p.name)] as fc.Arbitrary<string> | undefined
    const odd = fc.oneof(fc.uuid().map(segment), fc.constantFrom(...HOSTILE_SEGMENTS), fc.string({ maxLength: 40 }).map(segment), fc.constantFrom(...EDGE_STRINGS).map(segment))
    path[p.name] = known ? fc.oneof({ arbitrary: known.map(segment), weight: 4 }, { arbitrary: odd, weight: 1 }) : odd
  }
  const query: Record<string, fc.Arbitrary<string>> = {}
  for (const p of queryParams) {
    const hinted = hints[`query:${p.name}`] as fc.Arbitrary<string> | undefined
    const fromSchema = fuzzOf(p.schema, hints, 20_000).map((v) => (typeof v === 'string' ? v : toJson(v)))
    query[p.name] = hinted ? fc.oneof(hinted, fromSchema) : fromSchema
  }
  const body = op.body
    ? fuzzOf(op.body, hints, 200_000).map(toJson)
    : fc.oneof({ arbitrary: fc.constant(undefined), weight: 4 }, { arbitrary: hostileValue.map(toJson), weight: 1 })
  return fc.record({ path: fc.record(path), query: fc.record(query, { requiredKeys: [] }), body }).map((r) => {
    const url = op.path.replace(/\{(\w+)\}/g, (_, name: string) => r.path[name] ?? '')
    const qs = new URLSearchParams(Object.entries(r.query).filter((e): e is [string, string] => typeof e[1] === 'string')).toString()
    return { method: op.method, url: qs ? `${url}?${qs}` : url, body: r.body }
  })
}
