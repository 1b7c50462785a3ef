import { z } from 'zod'
import type { FastifyInstance } from 'fastify'
import type { Kernel } from '@docpal/kernel'
import type { AnyFieldType } from '@docpal/plugin-sdk'
import { route } from './define.ts'

/** A config schema as JSON Schema for clients (forms, builders); null when zod cannot express it. */
export function jsonSchema(schema: z.ZodType): Record<string, unknown> | null {
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
    method: 'GET',
    url: '/api/field-types',
    tag,
    summary: 'Field types of the enabled plugins, with config schema and operators',
    handler: () =>
      k.plugins.registries.fieldTypes.entries().map(({ type, plugin, item: def }) => {
        return {
          type,
          label: def.label,
          description: def.description ?? null,
          plugin,
          computed: def.links === undefined && (def.expression !== undefined || def.grouped !== undefined),
          relation: def.links !== undefined,
          configSchema: jsonSchema(def.config),
          operators: operators(def),
        }
      }),
  })
  route(app, k, {
    method: 'GET',
    url: '/api/view-types',
    tag,
    summary: 'View types of the enabled plugins, with config schema',
    handler: () =>
      k.plugins.registries.viewTypes
        .entries()
        .map(({ type, plugin, item: def }) => ({ type, label: def.label, description: def.description ?? null, plugin, configSchema: jsonSchema(def.config) })),
  })
}

/**
 * Widgets, workflow triggers and actions of the enabled plugins: listed with their config schema,
 * a widget's data answered for a configuration, a trigger tested against an event, an action run.
 */
export function stepRoutes(app: FastifyInstance, k: Kernel): void {
  const tag = 'types'
  const list = <T extends { type: string; label: string; description?: string; config: z.ZodType }>(
    reg: { entries(): Array<{ readonly type: string; readonly plugin: string; readonly item: T }> },
    extra: (def: T) => Record<string, unknown> = () => ({}),
  ) =>
    reg
      .entries()
      .map(({ type, plugin, item: def }) => ({ type, label: def.label, description: def.description ?? null, plugin, configSchema: jsonSchema(def.config), ...extra(def) }))
  route(app, k, {
    method: 'GET',
    url: '/api/widget-types',
    tag,
    summary: 'Dashboard widget types of the enabled plugins, with config schema',
    handler: () => list(k.plugins.registries.widgets, (w) => ({ showsData: w.query !== undefined })),
  })
  route(app, k, {
    method: 'POST',
    url: '/api/widget-types/:type/data',
    tag,
    summary: 'The data of one widget configuration ({tableId, config, limit?})',
    handler: (c) => k.widgetData(c.actor, c.params.type, c.body),
  })
  route(app, k, {
    method: 'GET',
    url: '/api/workflow-triggers',
    tag,
    summary: 'Workflow triggers of the enabled plugins, with config schema and the events they listen to',
    handler: () => list(k.plugins.registries.triggers, (t) => ({ events: t.events })),
  })
  route(app, k, {
    method: 'POST',
    url: '/api/workflow-triggers/:type/test',
    tag,
    summary: 'Whether a trigger configuration fires for an event ({config, event: {name, payload}})',
    handler: (c) => k.testTrigger(c.params.type, c.body),
  })
  route(app, k, {
    method: 'GET',
    url: '/api/workflow-actions',
    tag,
    summary: 'Workflow actions of the enabled plugins, with config schema',
    handler: () => list(k.plugins.registries.actions),
  })
  route(app, k, {
    method: 'POST',
    url: '/api/workflow-actions/:type/run',
    tag,
    summary: 'Run one action with a configuration and input ({config, input}); answers its output',
    handler: (c) => k.runAction(c.actor, c.params.type, c.body),
  })
}
