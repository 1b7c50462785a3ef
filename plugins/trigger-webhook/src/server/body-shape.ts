import { z } from '@docpal/plugin-sdk'

/** A JSON-Schema-like check of the body's top level: required keys and the JSON type of each named one. */
export const BodyShape = z
  .object({
    required: z.array(z.string().min(1).max(200)).max(100).default([]),
    properties: z.record(z.string().min(1).max(200), z.enum(['string', 'number', 'integer', 'boolean', 'object', 'array', 'null'])).default({}),
    /** Refuse keys not named in `properties`. */
    additional: z.boolean().default(true),
  })
  .strict()
export type BodyShape = z.output<typeof BodyShape>

function jsonType(v: unknown): string {
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'array'
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number'
  return typeof v
}

/** The first problem of the body against the shape, with its path; undefined when it fits. */
export function bodyProblem(body: unknown, shape: BodyShape): { message: string; path: string[] } | undefined {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return { message: 'The body must be a JSON object.', path: [] }
  const o = body as Record<string, unknown>
  for (const key of shape.required) if (!Object.hasOwn(o, key)) return { message: `The body needs '${key}'.`, path: [key] }
  for (const [key, value] of Object.entries(o)) {
    const want = Object.hasOwn(shape.properties, key) ? shape.properties[key] : undefined
    if (want === undefined) {
      if (!shape.additional) return { message: `The body may not hold '${key.slice(0, 200)}'.`, path: [key.slice(0, 200)] }
      continue
    }
    const got = jsonType(value)
    if (got !== want && !(want === 'number' && got === 'integer')) return { message: `'${key}' must be ${want === 'integer' ? 'an' : 'a'} ${want}, not ${got}.`, path: [key] }
  }
  return undefined
}
