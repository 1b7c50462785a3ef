import { createHash } from 'node:crypto'
import type { RecordSchemas } from '@docpal/kernel'

type Json = Record<string, unknown>

/** The record paths of the global document that a table's document holds. */
const RECORDS = '/api/tables/{tableId}/records'
/**
 * Parameters the table's document leaves out: its shapes key fields by name and answer option
 * ids, the defaults; `fieldKey=id` and `cellFormat=label` stay in the global document.
 */
const PINNED = new Set(['tableId', 'fieldKey', 'cellFormat'])
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` })

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)

function jsonSchemaOf(holder: unknown): Json | undefined {
  const content = isObject(holder) ? holder['content'] : undefined
  const json = isObject(content) ? content['application/json'] : undefined
  const schema = isObject(json) ? json['schema'] : undefined
  return isObject(schema) ? schema : undefined
}

function propertiesOf(schema: Json | undefined): Json {
  const p = schema?.['properties']
  return isObject(p) ? p : {}
}

/** Points a request body's `fields` (or bulk `records[].fields`) at the table's input shape. */
function typeBody(op: Json, method: string): void {
  const schema = jsonSchemaOf(op['requestBody'])
  const props = propertiesOf(schema)
  if (isObject(props['fields'])) props['fields'] = ref(method === 'patch' ? 'FieldsPatch' : 'FieldsInput')
  const items = isObject(props['records']) ? props['records']['items'] : undefined
  if (isObject(items) && isObject(propertiesOf(items)['fields'])) propertiesOf(items)['fields'] = ref('FieldsInput')
}

/** Points a success answer that is a record (or a page of them) at the table's components. */
function typeAnswer(op: Json): void {
  const responses = isObject(op['responses']) ? op['responses'] : {}
  for (const [status, answer] of Object.entries(responses)) {
    const schema = jsonSchemaOf(answer)
    if (!status.startsWith('2') || !schema) continue
    const props = propertiesOf(schema)
    const json = (answer as { content: Record<string, Json> }).content['application/json'] as Json
    if ('records' in props) json['schema'] = ref('RecordPage')
    else if ('fields' in props && 'id' in props) json['schema'] = ref('Record')
  }
}

function typeParameters(op: Json, columns: string): void {
  const params = Array.isArray(op['parameters']) ? (op['parameters'] as Json[]) : []
  op['parameters'] = params
    .filter((p) => !PINNED.has(String(p['name'])))
    .map((p) =>
      ['filter', 'sort', 'fields'].includes(String(p['name']))
        ? { ...p, description: `${typeof p['description'] === 'string' ? p['description'] : ''} Columns: ${columns}.`.trim() }
        : p,
    )
  if ((op['parameters'] as Json[]).length === 0) Reflect.deleteProperty(op, 'parameters')
}

/** Names of the `#/components/schemas/` a part of a document points at. */
function refsIn(value: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const v of value) refsIn(v, into)
  else if (isObject(value))
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string' && v.startsWith('#/components/schemas/')) into.add(v.slice('#/components/schemas/'.length))
      else refsIn(v, into)
    }
  return into
}

/**
 * A table's OpenAPI document: the record operations of the global document with the table id in
 * the paths, and the table's own record shapes (`Record`, `RecordPage`, `FieldsInput`,
 * `FieldsPatch`). `info.version` is the table's metadata version and a hash of the shapes, so a
 * client generated from it can tell it is stale when a column changes.
 */
export function tableDocument(global: Json, table: { id: string; name: string; version: number }, shapes: RecordSchemas): Json {
  const copy: Json = structuredClone(global)
  const allPaths = isObject(copy['paths']) ? copy['paths'] : {}
  const columns = shapes.columns.map((c) => JSON.stringify(c)).join(', ') || '(none)'
  const paths: Json = {}
  for (const [path, ops] of Object.entries(allPaths)) {
    if (!path.startsWith(RECORDS) || !isObject(ops)) continue
    for (const [method, op] of Object.entries(ops)) {
      if (!isObject(op)) continue
      typeParameters(op, columns)
      typeBody(op, method)
      typeAnswer(op)
    }
    paths[path.replace('{tableId}', table.id)] = ops
  }
  const globalSchemas = propertiesOf({ properties: isObject(copy['components']) ? copy['components']['schemas'] : {} })
  const schemas: Json = {
    Error: globalSchemas['Error'],
    Record: {
      type: 'object',
      description: `A record of ${table.name}: values keyed by column name.`,
      required: ['id', 'fields', 'createdAt', 'updatedAt', 'createdBy'],
      properties: {
        id: { type: 'string', format: 'uuid', readOnly: true },
        fields: shapes.fields,
        createdAt: { type: 'string', format: 'date-time', readOnly: true },
        updatedAt: { type: 'string', format: 'date-time', readOnly: true },
        createdBy: { anyOf: [{ type: 'string', format: 'uuid' }, { type: 'null' }], readOnly: true },
      },
    },
    RecordPage: {
      type: 'object',
      required: ['records', 'limit'],
      properties: {
        records: { type: 'array', items: ref('Record') },
        total: { type: 'number', description: 'with count=true (exact) or count=estimate' },
        limit: { type: 'number' },
        offset: { type: 'number' },
        nextCursor: { anyOf: [{ type: 'string' }, { type: 'null' }] },
      },
    },
    FieldsInput: { ...shapes.input, description: `Values of a new record of ${table.name} (or all values of a replace), by column name.` },
    FieldsPatch: { ...shapes.patch, description: `Values to change in a record of ${table.name}, by column name.` },
  }
  // Answers of the record operations that are named components of the global document (`Summary`) come along.
  const wanted = refsIn(paths)
  for (const name of wanted) {
    if (name in schemas || !(name in globalSchemas)) continue
    schemas[name] = globalSchemas[name]
    for (const inner of refsIn(globalSchemas[name])) wanted.add(inner)
  }
  const hash = createHash('sha256').update(JSON.stringify(schemas)).digest('hex').slice(0, 12)
  const info = isObject(copy['info']) ? copy['info'] : {}
  return {
    openapi: copy['openapi'],
    info: {
      ...info,
      title: `DocPal table ${table.name}`,
      description: `The records of table ${table.name} (${table.id}), typed by its columns.`,
      version: `${table.version}-${hash}`,
    },
    servers: copy['servers'],
    security: copy['security'],
    tags: (Array.isArray(copy['tags']) ? (copy['tags'] as Json[]) : []).filter((t) => t['name'] === 'records'),
    paths,
    components: {
      schemas,
      responses: isObject(copy['components']) ? copy['components']['responses'] : {},
      // The same credentials as the whole API (`security` above names them).
      securitySchemes: isObject(copy['components']) ? copy['components']['securitySchemes'] : {},
    },
  }
}
