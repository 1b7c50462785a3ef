import type { AnyAction, AnyTrigger, FieldRefs } from '@docpal/plugin-sdk'
import { stepsOf, type StepDef, type WorkflowDefinition } from './definition.ts'
import { renameInVariables } from './variables.ts'

/** The trigger and action types a definition names (the plugin manager's registries fit). */
export interface WorkflowTypes {
  readonly registries: {
    readonly triggers: { get(type: string): AnyTrigger | undefined }
    readonly actions: { get(type: string): AnyAction | undefined }
  }
}

/** Old field name -> new, of one table: applied all at once, so a swap (A<->B) stays a swap. */
export type Renames = ReadonlyMap<string, string>

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const renamed = (renames: Renames, name: string): string => renames.get(name) ?? name

/** The table a trigger's records come from: the one it watches, or the one its button shows on. */
function triggerTable(trigger: AnyTrigger | undefined, config: unknown): string | undefined {
  if (!trigger) return undefined
  const parsed = trigger.config.safeParse(config)
  if (!parsed.success) return undefined
  return trigger.watches?.(parsed.data)?.tableId ?? trigger.buttonOn?.(parsed.data)?.tableId
}

/**
 * A query filter, sort or trigger condition with its field names renamed: `field`, `otherField`
 * and `changed` name fields; `and` / `or` hold more nodes; values are left alone.
 */
export function renameInQuery(node: unknown, renames: Renames, depth = 0): unknown {
  if (depth > 20) return node
  if (Array.isArray(node)) return node.map((n) => renameInQuery(n, renames, depth + 1))
  if (!isObject(node)) return node
  const out: Record<string, unknown> = { ...node }
  for (const k of ['field', 'otherField', 'changed']) {
    const v = out[k]
    if (typeof v === 'string') out[k] = renamed(renames, v)
  }
  for (const k of ['and', 'or']) if (Array.isArray(out[k])) out[k] = renameInQuery(out[k], renames, depth + 1)
  return out
}

/** A config with the properties its `refs` declare renamed. */
function renameInConfig(config: unknown, refs: FieldRefs, renames: Renames): unknown {
  if (!isObject(config)) return config
  const out: Record<string, unknown> = { ...config }
  for (const k of refs.keys ?? []) {
    const v = out[k]
    if (isObject(v)) out[k] = Object.fromEntries(Object.entries(v).map(([name, value]) => [renamed(renames, name), value]))
  }
  for (const k of refs.names ?? []) {
    const v = out[k]
    if (typeof v === 'string') out[k] = renamed(renames, v)
    else if (Array.isArray(v)) out[k] = v.map((n: unknown) => (typeof n === 'string' ? renamed(renames, n) : n))
  }
  for (const k of refs.queries ?? []) if (out[k] !== undefined) out[k] = renameInQuery(out[k], renames)
  return out
}

/**
 * The definition with the renamed fields of table `tableId` followed, or undefined when it names
 * none of them. Field references are what the trigger and actions declare (`fieldRefs`), the
 * trigger's conditions, and variables naming a record of that table: `trigger.record.<field>`,
 * `trigger.before.<field>`, a step's record outputs and a loop's record items. A config whose
 * table is another is left alone, whatever names it holds.
 */
export function renameFieldsIn(plugins: WorkflowTypes, def: WorkflowDefinition, tableId: string, renames: Renames): WorkflowDefinition | undefined {
  const trigger = plugins.registries.triggers.get(def.trigger.type)
  const onTrigger = triggerTable(trigger, def.trigger.config) === tableId
  /** Whether a config's table (its `refs.table` property) is the renamed one. */
  const ours = (config: unknown, refs: FieldRefs): boolean => {
    if (refs.table === undefined) return onTrigger
    const t = isObject(config) ? config[refs.table] : undefined
    return t === tableId || (onTrigger && typeof t === 'string' && /^\{\{\s*trigger\.tableId\s*\}\}$/.test(t))
  }
  // Variable prefixes that hold a record of the table: ['trigger', 'record'], ['steps', id, 'record'] ...
  const prefixes: string[][] = onTrigger
    ? [
        ['trigger', 'record'],
        ['trigger', 'before'],
      ]
    : []
  for (const { step: s } of stepsOf(def.steps)) {
    const refs = plugins.registries.actions.get(s.type)?.fieldRefs
    if (refs && ours(s.config, refs)) {
      for (const o of refs.outputs ?? []) prefixes.push(['steps', s.id, ...o.split('.')])
      for (const o of refs.loopVars ?? []) prefixes.push(['loop', s.id, ...o.split('.')])
    }
  }
  const renamePath = (path: string[]): string[] => {
    for (const p of prefixes) {
      const name = path[p.length]
      if (name !== undefined && p.every((seg, i) => path[i] === seg)) return [...path.slice(0, p.length), renamed(renames, name), ...path.slice(p.length + 1)]
    }
    return path
  }
  const walk = (steps: ReadonlyArray<StepDef>): StepDef[] =>
    steps.map((s) => {
      const refs = plugins.registries.actions.get(s.type)?.fieldRefs
      const config = renameInVariables(refs && ours(s.config, refs) ? renameInConfig(s.config, refs, renames) : s.config, renamePath)
      const branches = s.branches ? Object.fromEntries(Object.entries(s.branches).map(([name, list]) => [name, walk(list)])) : undefined
      return { ...s, config, ...(branches ? { branches } : {}) }
    })
  const triggerRefs = trigger?.fieldRefs
  const after: WorkflowDefinition = {
    trigger: {
      ...def.trigger,
      config: triggerRefs && ours(def.trigger.config, triggerRefs) ? renameInConfig(def.trigger.config, triggerRefs, renames) : def.trigger.config,
      ...(onTrigger && def.trigger.conditions !== undefined ? { conditions: renameInQuery(def.trigger.conditions, renames) } : {}),
    },
    steps: walk(def.steps),
  }
  return JSON.stringify(after) === JSON.stringify(def) ? undefined : after
}
