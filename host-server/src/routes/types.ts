import { z } from 'zod'
import type { FastifyInstance } from 'fastify'
import type { Kernel } from '@docpal/kernel'
import type { AnyFieldType } from '@docpal/plugin-sdk'
import { route } from './define.ts'

function jsonSchema(schema: z.ZodType): Record<string, unknown> | null {
  try {
    const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { target: 'draft-7', unrepresentable: 'any', io: 'input' }) as Record<string, unknown>
    return rest
  } catch {
    return null
  }
}

/** Operators with whether they take a value, so a filter builder needs no knowledge of types. */
function operators(def: AnyFieldType) {
  return Object.entries(def.operators).map(([op, o]) => ({ op, takesValue: o.value !== undefined }))
}

/**
 * What the enabled plugins offer, described for clients: field types with their config schema
 * and operators, view types with theirs. The web app's table builder and filter builder read these.
 */
export function typeRoutes(app: FastifyInstance, k: Kernel): void {
  const tag = 'types'
  route(app, k, {
    method: 'GET', url: '/api/field-types', tag, summary: 'Field types of the enabled plugins, with config schema and operators',
    handler: () => k.plugins.registries.fieldTypes.keys().map((type) => {
      const def = k.plugins.registries.fieldTypes.get(type)!
      return {
        type, label: def.label, description: def.description ?? null, plugin: k.plugins.registries.fieldTypes.owner(type),
        computed: def.links === undefined && (def.expression !== undefined || def.grouped !== undefined), relation: def.links !== undefined,
        configSchema: jsonSchema(def.config), operators: operators(def),
      }
    }),
  })
  route(app, k, {
    method: 'GET', url: '/api/view-types', tag, summary: 'View types of the enabled plugins, with config schema',
    handler: () => k.plugins.registries.viewTypes.keys().map((type) => {
      const def = k.plugins.registries.viewTypes.get(type)!
      return { type, label: def.label, description: def.description ?? null, plugin: k.plugins.registries.viewTypes.owner(type), configSchema: jsonSchema(def.config) }
    }),
  })
}
