/**
 * The builder's draft of a workflow's steps (the shape PUT /api/workflows/:id takes) and pure
 * helpers over it: ids, where a step is, and which variables a step may use.
 */
// A type, not an interface: it must fit the API's body type, whose steps are open records.
export type StepDraft = {
  id: string
  type: string
  name?: string
  config: unknown
  branches?: Record<string, StepDraft[]>
}

/** What the builder knows of an action type (GET /api/workflow-types). */
export interface ActionInfo {
  readonly type: string
  readonly label: string
  readonly branches: ReadonlyArray<string>
  readonly openBranches?: boolean
  readonly outputs: ReadonlyArray<string>
}

/** A step id as the kernel requires: a lowercase letter, then up to 39 lowercase letters, digits or _. */
export const STEP_ID = /^[a-z][a-z0-9_]{0,39}$/

export function* allSteps(list: ReadonlyArray<StepDraft>): Generator<StepDraft> {
  for (const s of list) {
    yield s
    for (const sub of Object.values(s.branches ?? {})) yield* allSteps(sub)
  }
}

/** `<type>_<n>`, the first one not taken (the kernel names steps without an id the same way). */
export function newStepId(type: string, taken: ReadonlyArray<StepDraft>): string {
  const used = new Set([...allSteps(taken)].map((s) => s.id))
  const base =
    type
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^[^a-z]+/, '')
      .slice(0, 30) || 'step'
  for (let n = 1; ; n++) if (!used.has(`${base}_${n}`)) return `${base}_${n}`
}

/** The API path of a step (`['steps', 0, 'branches', 'then', 1]`), for matching the server's 400s. */
export type ApiPath = ReadonlyArray<string | number>

/** Where the server's error path points: the deepest step whose path it starts with, and the rest. */
export function errorTarget(errorPath: ApiPath, stepPath: ApiPath): ApiPath | null {
  if (errorPath.length <= stepPath.length || !stepPath.every((p, i) => String(p) === String(errorPath[i]))) return null
  // Deeper inside one of its branches: a step there shows it.
  if (errorPath[stepPath.length] === 'branches' && errorPath.length > stepPath.length + 2) return null
  return errorPath.slice(stepPath.length)
}

/**
 * The steps that have run before the step at `path` (indices and branch names from the root list):
 * its earlier siblings at every level and the steps whose branch it is in. Steps inside an earlier
 * step's branches are left out: which branch ran is not known in advance.
 */
export function stepsBefore(root: ReadonlyArray<StepDraft>, path: ReadonlyArray<number | string>): { before: StepDraft[]; loops: StepDraft[] } {
  const before: StepDraft[] = []
  const loops: StepDraft[] = []
  let list: ReadonlyArray<StepDraft> = root
  for (let i = 0; i < path.length; i += 2) {
    const at = Number(path[i])
    before.push(...list.slice(0, at))
    const branch = path[i + 1]
    const owner = list[at]
    if (branch === undefined || !owner) break
    before.push(owner)
    if (branch === 'each') loops.push(owner)
    list = owner.branches?.[String(branch)] ?? []
  }
  return { before, loops }
}

/** A step's place as the builder walks it: list index, branch name, list index, ... */
export type TreePath = ReadonlyArray<number | string>

/** The API's path of the step at a tree path: `[0, 'then', 1]` -> `['steps', 0, 'branches', 'then', 1]`. */
export const apiPathOf = (tree: TreePath): ApiPath => ['steps', ...tree.flatMap((p, i) => (i % 2 === 1 ? ['branches', p] : [p]))]

/** Every step gets a list for each branch its action declares, so a branch can take steps before it has any. */
export function withBranchLists(steps: StepDraft[], actions: ReadonlyArray<ActionInfo>): StepDraft[] {
  for (const s of allSteps(steps)) {
    const names = actions.find((a) => a.type === s.type)?.branches ?? []
    if (!names.length) continue
    s.branches = { ...Object.fromEntries(names.map((n) => [n, [] as StepDraft[]])), ...s.branches }
  }
  return steps
}
