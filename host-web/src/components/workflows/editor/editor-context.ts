import { inject, provide, type InjectionKey } from 'vue'
import type { TableMeta } from '@docpal/plugin-sdk/client'
import type { WorkflowWarning } from '../../../services/workflows-api.ts'
import type { VariableGroup } from '../schema-form/form-context.ts'
import type { ActionInfo, ApiPath, StepDraft, TreePath } from './step-tree.ts'

/** What the recursive step lists share: the action types, tables, the last save's error and warnings, and the edits. */
export interface EditorContext {
  readonly actions: ReadonlyArray<ActionInfo & { readonly configSchema: unknown }>
  readonly tables: ReadonlyArray<TableMeta>
  readonly workflows: ReadonlyArray<{ readonly id: string; readonly name: string }>
  readonly error: { readonly path: ApiPath; readonly message: string } | null
  /** The saved version's warnings (task steps whose people may not read the run's record). */
  readonly warnings: ReadonlyArray<WorkflowWarning>
  variablesAt(tree: TreePath): VariableGroup[]
  insert(list: StepDraft[], index: number, type: string): void
  move(list: StepDraft[], index: number, by: -1 | 1): void
  remove(list: StepDraft[], index: number): Promise<void>
  update(step: StepDraft, patch: Partial<StepDraft>): void
  addBranch(step: StepDraft): Promise<void>
  removeBranch(step: StepDraft, name: string): Promise<void>
}

const KEY: InjectionKey<() => EditorContext> = Symbol('docpal.workflowEditor')
export const provideEditor = (get: () => EditorContext): void => provide(KEY, get)
export function useEditor(): () => EditorContext {
  const get = inject(KEY, null)
  if (!get) throw new Error('a workflow step outside the workflow editor')
  return get
}
