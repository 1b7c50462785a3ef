import type { z } from 'zod'
import type { DomainEventName, DomainEvents } from './events.ts'
import type { PluginLogger } from './plugin.ts'

/** One domain event as a trigger sees it. */
export type TriggerEvent = { [E in DomainEventName]: { readonly name: E; readonly payload: DomainEvents[E] } }[DomainEventName]

/**
 * What starts a workflow: the domain events it listens to and, for each, whether this trigger's
 * config matches it (a record created in table X, a field changed to Y).
 */
export interface TriggerDefinition<S extends z.ZodType = z.ZodType, C = z.output<S>> {
  readonly type: string
  readonly label: string
  readonly description?: string
  readonly config: S
  readonly events: ReadonlyArray<DomainEventName>
  matches(config: C, event: TriggerEvent): boolean
}

/** What an action's `run` gets besides its config. */
export interface ActionContext {
  /** The workflow's data so far: the trigger's event and earlier steps' outputs. */
  readonly input: Readonly<Record<string, unknown>>
  readonly companyId: string
  readonly userId: string
  readonly logger: PluginLogger
}

/** One step of a workflow: validated config in, a JSON-able output for the next steps. */
export interface ActionDefinition<S extends z.ZodType = z.ZodType, C = z.output<S>> {
  readonly type: string
  readonly label: string
  readonly description?: string
  readonly config: S
  /** Its output, or undefined for none (a step without output may simply not return). */
  run(config: C, ctx: ActionContext): Promise<Record<string, unknown> | undefined> | Record<string, unknown> | undefined
}

export type AnyTrigger = TriggerDefinition<z.ZodType, unknown>
export type AnyAction = ActionDefinition<z.ZodType, unknown>

export function defineTrigger<S extends z.ZodType>(def: TriggerDefinition<S, z.output<S>>): AnyTrigger {
  return def
}

export function defineAction<S extends z.ZodType>(def: ActionDefinition<S, z.output<S>>): AnyAction {
  return def
}
