import { z } from 'zod'
import type { AnyAction, AnyTrigger } from '@docpal/plugin-sdk'
import { codes } from '../errors/codes.ts'
import type { PluginManager } from '../plugins/plugin-manager.ts'
import { parseOrThrow } from '../validation.ts'
import { checkVariables } from './variables.ts'

/** Bounds of one definition: what a builder makes, with room, and no more. */
export const MAX_STEPS = 200
export const MAX_DEPTH = 8
const STEP_ID = /^[a-z][a-z0-9_]{0,39}$/

export interface StepDef {
  readonly id: string
  readonly type: string
  readonly name?: string | undefined
  readonly config: unknown
  readonly branches?: Readonly<Record<string, ReadonlyArray<StepDef>>> | undefined
}

export interface WorkflowDefinition {
  readonly trigger: { readonly type: string; readonly config: unknown; readonly conditions?: unknown }
  readonly steps: ReadonlyArray<StepDef>
}

const Step: z.ZodType<{ id?: string | undefined; type: string; name?: string | undefined; config?: unknown; branches?: Record<string, unknown[]> | undefined }> = z
  .object({
    id: z.string().regex(STEP_ID, 'A step id is a lowercase letter, then up to 39 lowercase letters, digits or _.').optional(),
    type: z.string().min(1).max(100),
    name: z.string().max(200).optional(),
    config: z.unknown().optional(),
    branches: z.record(z.string().max(40), z.array(z.unknown()).max(MAX_STEPS)).optional(),
  })
  .strict()

export const WorkflowBody = z
  .object({
    name: z.string().trim().min(1).max(200),
    description: z.string().max(5000).optional(),
    trigger: z.object({ type: z.string().min(1).max(100), config: z.unknown().optional(), conditions: z.unknown().optional() }).strict(),
    steps: z.array(z.unknown()).max(MAX_STEPS).default([]),
  })
  .strict()
export type WorkflowBody = z.output<typeof WorkflowBody>

/** The registered trigger of a type, or a 400 at `path` naming the enabled ones. */
export function triggerOf(plugins: PluginManager, type: string, path: Array<string | number>): AnyTrigger {
  const t = plugins.registries.triggers.get(type)
  if (!t)
    throw codes.KRN_ERR_VALIDATION(`No enabled plugin provides the workflow trigger '${type}' (enabled: ${plugins.registries.triggers.keys().join(', ') || 'none'}).`, { path })
  return t
}

export function actionOf(plugins: PluginManager, type: string, path: Array<string | number>): AnyAction {
  const a = plugins.registries.actions.get(type)
  if (!a) throw codes.KRN_ERR_VALIDATION(`No enabled plugin provides the workflow action '${type}' (enabled: ${plugins.registries.actions.keys().join(', ') || 'none'}).`, { path })
  return a
}

/**
 * Checks a definition against the enabled plugins: every trigger and step type exists, every
 * config passes its schema (with `{{variables}}` standing in for any value), branch names are the
 * action's own, ids are unique (missing ones are given: `<type>_<n>`). Answers the normal form stored.
 */
export function checkDefinition(plugins: PluginManager, body: WorkflowBody): WorkflowDefinition {
  const trigger = triggerOf(plugins, body.trigger.type, ['trigger', 'type'])
  const triggerConfig = parseOrThrow(trigger.config, body.trigger.config ?? {}, ['trigger', 'config'])
  const ids = new Set<string>()
  let count = 0
  const walk = (list: ReadonlyArray<unknown>, at: Array<string | number>, depth: number): StepDef[] => {
    if (depth > MAX_DEPTH) throw codes.KRN_ERR_VALIDATION(`Branches nest at most ${MAX_DEPTH} deep.`, { path: at })
    return list.map((raw, i) => {
      const path = [...at, i]
      if (++count > MAX_STEPS) throw codes.KRN_ERR_VALIDATION(`A workflow has at most ${MAX_STEPS} steps.`, { path })
      const s = parseOrThrow(Step, raw, path)
      const action = actionOf(plugins, s.type, [...path, 'type'])
      const config = s.config ?? {}
      // Variables are filled at run time; a config may hold them wherever its schema takes a string.
      checkVariables(config, [...path, 'config'])
      parseOrThrow(action.config, config, [...path, 'config'])
      let id = s.id
      if (!id)
        for (let n = 1; !id || ids.has(id); n++)
          id = `${
            s.type
              .replace(/[^a-z0-9]+/g, '_')
              .replace(/^[^a-z]+/, '')
              .slice(0, 30) || 'step'
          }_${n}`
      if (ids.has(id)) throw codes.KRN_ERR_VALIDATION(`Step id '${id}' is used twice: each step needs its own.`, { path: [...path, 'id'] })
      ids.add(id)
      let branches: Record<string, StepDef[]> | undefined
      if (s.branches) {
        branches = {}
        for (const [name, steps] of Object.entries(s.branches)) {
          // Open branches (parallel): any names the user gives, shaped like step ids.
          const known = action.openBranches === true ? STEP_ID.test(name) : action.branches?.includes(name) === true
          if (!known) {
            if (action.openBranches === true)
              throw codes.KRN_ERR_VALIDATION(`Branch name '${name}' is not a lowercase letter then up to 39 lowercase letters, digits or _.`, { path: [...path, 'branches', name] })
            throw codes.KRN_ERR_VALIDATION(`Action '${s.type}' has no branch '${name}' (it has: ${action.branches?.join(', ') || 'none'}).`, { path: [...path, 'branches', name] })
          }
          branches[name] = walk(steps, [...path, 'branches', name], depth + 1)
        }
      }
      return { id, type: s.type, ...(s.name ? { name: s.name } : {}), config, ...(branches ? { branches } : {}) }
    })
  }
  const steps = walk(body.steps, ['steps'], 0)
  return { trigger: { type: body.trigger.type, config: triggerConfig, ...(body.trigger.conditions !== undefined ? { conditions: body.trigger.conditions } : {}) }, steps }
}

/**
 * Every step of a definition with where it is, depth first, in order: `['steps', 0, 'branches',
 * 'approve', 1]`, the path a save's 400 and a warning point at.
 */
export function* stepsOf(steps: ReadonlyArray<StepDef>, at: ReadonlyArray<string | number> = ['steps']): Generator<{ step: StepDef; path: ReadonlyArray<string | number> }> {
  for (const [i, step] of steps.entries()) {
    const path = [...at, i]
    yield { step, path }
    for (const [name, list] of Object.entries(step.branches ?? {})) yield* stepsOf(list, [...path, 'branches', name])
  }
}
