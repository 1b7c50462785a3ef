import { humanize } from '../plugin-settings/schema-form.ts'

/**
 * The first setting a column's type requires that its config leaves empty (a relation's linked
 * table, a formula's text), read off the type's config JSON Schema as GET /api/field-types gives
 * it: its top-level `required` properties, a string one empty or shorter than its `minLength`.
 * Its name as the type's config editor labels it (`label`), else the schema's title, else the key
 * in words (`targetTableId` -> "Target table"); null when none is missing.
 * The server still checks the whole config when the table is saved.
 */
export function missingConfig(
  schema: Record<string, unknown> | null | undefined,
  config: Readonly<Record<string, unknown>>,
  label: (key: string) => string | undefined = () => undefined,
): string | null {
  if (!schema) return null
  const required = Array.isArray(schema['required']) ? (schema['required'] as unknown[]).filter((x): x is string => typeof x === 'string') : []
  const props = (schema['properties'] ?? {}) as Record<string, { title?: unknown; minLength?: unknown } | undefined>
  for (const key of required) {
    const v = config[key]
    const minLength = props[key]?.minLength
    const min = typeof minLength === 'number' ? minLength : 1
    const empty = v === undefined || v === null || (typeof v === 'string' && v.trim().length < Math.max(min, 1))
    if (!empty) continue
    const own = label(key)
    if (own) return own
    const title = props[key]?.title
    return typeof title === 'string' ? title : humanize(key.replace(/Id$/, ''))
  }
  return null
}
