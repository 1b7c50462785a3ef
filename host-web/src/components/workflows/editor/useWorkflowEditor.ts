import { computed, ref } from 'vue'
import { ElMessageBox } from 'element-plus'
import { ApiError, useI18n, type TableMeta } from '@docpal/plugin-sdk/client'
import { confirmed } from '../../../composables/confirm.ts'
import { notifyError, notifySuccess } from '../../../composables/notify.ts'
import { workflowsApi, type Workflow, type WorkflowTypes } from '../../../services/workflows-api.ts'
import { defaultFor, type Schema } from '../schema-form/schema.ts'
import type { VariableGroup } from '../schema-form/form-context.ts'
import type { EditorContext } from './editor-context.ts'
import { loopTokens, triggerTokens, typeLabelOf } from './variable-tokens.ts'
import { useTypeOptions } from '../../builder/useTypeOptions.ts'
import { newStepId, STEP_ID, stepsBefore, withBranchLists, type StepDraft, type TreePath } from './step-tree.ts'

export interface TriggerDraft {
  type: string
  config: unknown
  conditions?: unknown
}
export interface WorkflowDraft {
  name: string
  description: string
  trigger: TriggerDraft
  steps: StepDraft[]
}

const schemaOf = (s: unknown): Schema => (typeof s === 'object' && s !== null ? (s as Schema) : {})
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T

/**
 * The editor page's state: the saved workflow, the draft being edited, the step edits, saving
 * (a new version) with the server's 400 kept for the input it names, and enabling.
 */
export function useWorkflowEditor(appId: () => string, workflowId: () => string, tables: () => ReadonlyArray<TableMeta>) {
  const i18n = useI18n()
  const { t } = i18n
  const fieldTypes = useTypeOptions()
  const saved = ref<Workflow | null>(null)
  const types = ref<WorkflowTypes | null>(null)
  const draft = ref<WorkflowDraft | null>(null)
  const error = ref<{ path: ReadonlyArray<string | number>; message: string } | null>(null)
  const saving = ref(false)
  /** The app's other workflows, for a sub-workflow step's picker. */
  const workflows = ref<Array<{ id: string; name: string }>>([])

  const toDraft = (w: Workflow): WorkflowDraft => ({
    name: w.name,
    description: w.description,
    trigger: clone({
      type: w.trigger.type,
      config: w.trigger.config ?? {},
      ...(w.trigger.conditions !== undefined && w.trigger.conditions !== null ? { conditions: w.trigger.conditions } : {}),
    }),
    steps: withBranchLists(clone(w.steps) as StepDraft[], types.value?.actions ?? []),
  })
  /** An existing workflow, or (id `new`) a draft with the name and trigger type chosen on the list. */
  async function load(fresh?: { name: string; trigger: string }) {
    const [w, ty, all] = await Promise.all([fresh ? Promise.resolve(null) : workflowsApi.get(workflowId()), workflowsApi.types(), workflowsApi.list(appId())])
    types.value = ty
    workflows.value = all.filter((x) => x.id !== w?.id).map((x) => ({ id: x.id, name: x.name }))
    saved.value = w
    if (w) draft.value = toDraft(w)
    else if (fresh) {
      draft.value = { name: fresh.name, description: '', trigger: { type: fresh.trigger, config: {} }, steps: [] }
      setTriggerType(fresh.trigger)
    }
  }
  const dirty = computed(() => !!draft.value && (!saved.value || JSON.stringify(draft.value) !== JSON.stringify(toDraft(saved.value))))
  const triggerType = computed(() => types.value?.triggers.find((x) => x.type === draft.value?.trigger.type))
  /**
   * The table whose record a run gets (its config's `tableId`): the one a record trigger watches,
   * or the one a manual trigger shows its button on (a run from a record gets that record).
   */
  const watched = computed(() => {
    const id = (draft.value?.trigger.config as { tableId?: unknown } | undefined)?.tableId
    return triggerType.value?.watchesTable || triggerType.value?.manual ? tables().find((tb) => tb.id === id) : undefined
  })

  /** Saves the draft: a new version, or the workflow itself when it is new. Answers the stored workflow. */
  async function save(): Promise<Workflow | null> {
    if (!draft.value) return null
    saving.value = true
    error.value = null
    try {
      const d = draft.value
      const body = { name: d.name, ...(d.description ? { description: d.description } : {}), trigger: d.trigger, steps: d.steps }
      saved.value = saved.value ? await workflowsApi.save(saved.value.id, body) : await workflowsApi.create(appId(), body)
      // The server gives missing ids and defaults: the draft takes the stored form.
      draft.value = toDraft(saved.value)
      notifySuccess(t('wfb.saved', { version: saved.value.version }))
      return saved.value
    } catch (err) {
      // The message starts with its path ("steps.0.config.tableId: ..."); in place, the path is where it shows.
      if (err instanceof ApiError && err.status === 400) error.value = { path: err.path, message: err.message.replace(`${err.path.join('.')}: `, '') }
      notifyError(err)
      return null
    } finally {
      saving.value = false
    }
  }
  async function setEnabled(on: boolean) {
    try {
      if (saved.value) saved.value = await workflowsApi.setEnabled(saved.value.id, on)
    } catch (err) {
      notifyError(err)
    }
  }
  function setTriggerType(type: string) {
    if (!draft.value) return
    const tt = types.value?.triggers.find((x) => x.type === type)
    draft.value.trigger = { type, config: defaultFor(schemaOf(tt?.configSchema), schemaOf(tt?.configSchema)) ?? {} }
  }

  const words = { has: (key: string) => i18n.te(key), text: (key: string) => t(key) }
  const typeLabel = (type: string | undefined) => typeLabelOf(type, words, (ft) => fieldTypes.options.value.find((o) => o.type === ft)?.label)

  function variablesAt(tree: TreePath): VariableGroup[] {
    return groupsAt(tree).map((g) => ({ ...g, tokens: g.tokens.map((x) => ({ ...x, typeLabel: typeLabel(x.type) })) }))
  }

  function groupsAt(tree: TreePath): VariableGroup[] {
    const groups: VariableGroup[] = []
    const tokens = triggerTokens(triggerType.value, draft.value?.trigger.config, watched.value, {
      recordId: t('wfb.vars.recordId'),
      changed: t('wfb.vars.changed'),
      body: t('wfb.vars.body'),
    })
    if (tokens.length) groups.push({ label: watched.value ? t('wfb.vars.record', { table: watched.value.name }) : t('wfb.vars.trigger'), tokens })
    const { before, loops } = stepsBefore(draft.value?.steps ?? [], tree)
    for (const loop of loops) groups.push({ label: t('wfb.vars.loop', { step: loop.name || loop.id }), tokens: loopTokens(loop, tables()) })
    for (const s of before) {
      const action = types.value?.actions.find((a) => a.type === s.type)
      const outputs = action?.outputs ?? []
      if (outputs.length)
        groups.push({
          label: t('wfb.vars.step', { step: s.name || s.id }),
          tokens: outputs.map((o) => ({ label: o, token: `{{steps.${s.id}.${o}}}`, type: action?.outputTypes[o] ?? 'unknown' })),
        })
    }
    return groups
  }

  const editor = (): EditorContext => ({
    actions: types.value?.actions ?? [],
    tables: tables(),
    workflows: workflows.value,
    error: error.value,
    warnings: saved.value?.warnings ?? [],
    variablesAt,
    insert(list, index, type) {
      const a = types.value?.actions.find((x) => x.type === type)
      const schema = schemaOf(a?.configSchema)
      const step: StepDraft = { id: newStepId(type, draft.value?.steps ?? []), type, config: defaultFor(schema, schema) ?? {} }
      if (a?.branches.length) step.branches = Object.fromEntries(a.branches.map((b) => [b, []]))
      list.splice(index, 0, step)
    },
    move(list, index, by) {
      const [step] = list.splice(index, 1)
      if (step) list.splice(index + by, 0, step)
    },
    async remove(list, index) {
      const step = list[index]
      if (!step) return
      if (await confirmed(t('wfb.confirmRemove', { step: step.name || step.id }), t('wfb.removeStep'), { confirm: t('wfb.remove'), cancel: t('workflows.cancel') }, true))
        list.splice(index, 1)
    },
    update(step, patch) {
      Object.assign(step, patch)
    },
    async addBranch(step) {
      try {
        const { value } = (await ElMessageBox.prompt(t('wfb.branchName'), t('wfb.addBranch'), {
          confirmButtonText: t('wfb.add'),
          cancelButtonText: t('workflows.cancel'),
          inputValidator: (v: string) => (STEP_ID.test(v) && !(v in (step.branches ?? {})) ? true : t('wfb.branchNameRule')),
        })) as { value: string }
        step.branches = { ...step.branches, [value]: [] }
      } catch {
        // Cancelled: no branch.
      }
    },
    async removeBranch(step, name) {
      // A branch with steps goes only when confirmed, like a step.
      const steps = step.branches?.[name]?.length ?? 0
      if (steps && !(await confirmed(t('wfb.confirmRemoveBranch', { name, n: steps }), t('wfb.removeBranch'), { confirm: t('wfb.remove'), cancel: t('workflows.cancel') }, true)))
        return
      const { [name]: _gone, ...rest } = step.branches ?? {}
      step.branches = rest
    },
  })

  return { saved, types, draft, error, saving, dirty, triggerType, watched, load, save, setEnabled, setTriggerType, editor }
}
