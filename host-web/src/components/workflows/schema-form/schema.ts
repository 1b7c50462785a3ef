/**
 * Pure helpers over the draft-7 JSON Schemas of GET /api/workflow-types (zod's output): what kind
 * of input a node needs, its default, and which `anyOf`/`oneOf` variant a value is. The form
 * components only render what these decide, so the rules are unit-tested here.
 */
// Labels from property names, as the plugin settings form makes them ("dueInHours" -> "Due in hours").
export { humanize } from '../../plugin-settings/schema-form.ts'

export type Schema = Readonly<Record<string, unknown>>
export type Kind = 'table' | 'workflow' | 'enum' | 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'map' | 'array' | 'variant' | 'any'

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const asSchema = (v: unknown): Schema => (isObj(v) ? v : {})

/** The node a `$ref` (`#/definitions/x`) points to in `root`; other nodes as they are. */
export function resolve(node: Schema, root: Schema): Schema {
  let at = node
  for (let hops = 0, ref = at['$ref']; typeof ref === 'string' && hops < 20; hops++, ref = at['$ref']) {
    const parts = ref.replace(/^#\//, '').split('/')
    let next: unknown = root
    for (const p of parts) next = isObj(next) ? next[p] : undefined
    at = asSchema(next)
  }
  return at
}

export const variantsOf = (node: Schema): Schema[] => ((node['anyOf'] ?? node['oneOf']) as unknown[] | undefined)?.map(asSchema) ?? []
export const propertiesOf = (node: Schema): Record<string, Schema> => (isObj(node['properties']) ? (node['properties'] as Record<string, Schema>) : {})
export const requiredOf = (node: Schema): string[] => (Array.isArray(node['required']) ? (node['required'] as string[]) : [])
export const itemsOf = (node: Schema): Schema => asSchema(node['items'])
export const valuesOf = (node: Schema): Schema => asSchema(node['additionalProperties'])
export const enumOf = (node: Schema): unknown[] | undefined => (Array.isArray(node['enum']) ? (node['enum'] as unknown[]) : 'const' in node ? [node['const']] : undefined)

/** Plugins name tables in their configs as `tableId` (see the record triggers and actions). */
export const isTableKey = (key: string | undefined): boolean => key !== undefined && /(^|[a-z])(tableId|TableId)$/.test(key)

/** A sub-workflow names the workflow to run as `workflowId` (action-run-workflow). */
export const isWorkflowKey = (key: string | undefined): boolean => key !== undefined && /(^|[a-z])(workflowId|WorkflowId)$/.test(key)

/** Steps name who acts as `users` (user ids or variables) and `roles` (company roles): approvals, user forms. */
export const peopleOf = (key: string | undefined): 'users' | 'roles' | undefined => (key === 'users' || key === 'roles' ? key : undefined)

/** Which input a node needs; `key` is its property name (a table id gets a table picker). */
export function kindOf(node: Schema, key?: string): Kind {
  if (variantsOf(node).length) return 'variant'
  if (enumOf(node)) return 'enum'
  switch (node['type']) {
    case 'string':
      return isTableKey(key) ? 'table' : isWorkflowKey(key) ? 'workflow' : 'string'
    case 'number':
    case 'integer':
    case 'boolean':
    case 'array':
      return node['type']
    case 'object':
      return Object.keys(propertiesOf(node)).length || !isObj(node['additionalProperties']) ? 'object' : 'map'
    default:
      return 'any'
  }
}

/** The starting value of a node: its default, else an empty value of its kind (undefined: leave it out). */
export function defaultFor(node: Schema, root: Schema): unknown {
  const n = resolve(node, root)
  if ('default' in n) return structuredClone(n['default'])
  if ('const' in n) return n['const']
  switch (kindOf(n)) {
    case 'variant':
      return defaultFor(variantsOf(n)[0] ?? {}, root)
    case 'enum':
      return enumOf(n)?.[0]
    case 'boolean':
      return false
    case 'array':
      return []
    case 'map':
      return {}
    case 'object': {
      const out: Record<string, unknown> = {}
      for (const key of requiredOf(n)) {
        const v = defaultFor(propertiesOf(n)[key] ?? {}, root)
        if (v !== undefined) out[key] = v
      }
      return out
    }
    case 'string':
    case 'table':
    case 'workflow':
    case 'any':
      return ''
    default:
      return undefined
  }
}

function fits(node: Schema, value: unknown, root: Schema): boolean {
  const n = resolve(node, root)
  const choices = enumOf(n)
  if (choices) return choices.includes(value)
  switch (n['type']) {
    case 'string':
      return typeof value === 'string'
    case 'number':
      return typeof value === 'number'
    case 'integer':
      return Number.isInteger(value)
    case 'boolean':
      return typeof value === 'boolean'
    case 'array':
      return Array.isArray(value)
    case 'object': {
      if (!isObj(value)) return false
      if (!requiredOf(n).every((k) => k in value)) return false
      const props = propertiesOf(n)
      // A closed object fits only values whose keys it knows; its const properties must match.
      if (n['additionalProperties'] === false && Object.keys(value).some((k) => !(k in props))) return false
      return Object.entries(props).every(([k, p]) => !(k in value) || !('const' in p) || p['const'] === value[k])
    }
    default:
      return true
  }
}

/** The index of the first variant `value` fits (0 when none does). */
export function variantIndex(node: Schema, value: unknown, root: Schema): number {
  const i = variantsOf(node).findIndex((v) => fits(v, value, root))
  return i < 0 ? 0 : i
}

/** A short name for a variant: its `const` discriminator, its enum, its one required key, or its type. */
export function variantLabel(node: Schema, root: Schema): string {
  const n = resolve(node, root)
  if (typeof n['description'] === 'string' && n['type'] !== 'object') return n['description']
  const props = propertiesOf(n)
  for (const p of Object.values(props)) if ('const' in p) return String(p['const'])
  const req = requiredOf(n)
  const first = req[0] === undefined ? undefined : enumOf(props[req[0]] ?? {})
  if (first && first.length <= 6) return first.join(' / ')
  if (req.length) return req.join(' · ')
  if ('const' in n) return String(n['const'])
  return typeof n['type'] === 'string' ? n['type'] : 'value'
}

/** An object with `key` set, or left out when the value is empty and the key optional. */
export function withProperty(obj: unknown, key: string, value: unknown, required: boolean): Record<string, unknown> {
  const rest = Object.fromEntries(Object.entries(isObj(obj) ? obj : {}).filter(([k]) => k !== key))
  return !required && (value === undefined || value === '') ? rest : { ...(isObj(obj) ? obj : {}), [key]: value }
}
