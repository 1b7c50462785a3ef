import { onMounted, ref } from 'vue'
import { useI18n } from '@docpal/plugin-sdk/client'
import { toDraft, type RuleDraft } from './rule-draft.ts'
import { usePermissionPeople } from './usePermissionPeople.ts'
import { forgetTableAccess } from '../../composables/useTableAccess.ts'
import { notifyError, notifySuccess } from '../../composables/notify.ts'
import type { Grant, TableRule } from '../../services/permission-types.ts'

/**
 * What every permissions dialog does around its rules: loads them with the roles and members a
 * rule can name, and saves them all at once (the PUT replaces them), after which the access the
 * app cached is stale. `saved` runs after a save the server accepted (the dialog closes then).
 */
export function useRuleEditor(io: { load(): Promise<{ rules: ReadonlyArray<TableRule | Grant> }>; save(drafts: RuleDraft[]): Promise<unknown>; saved(): void }) {
  const { t } = useI18n()
  const people = usePermissionPeople()
  const rules = ref<RuleDraft[]>([])
  const loading = ref(true)
  const saving = ref(false)

  onMounted(async () => {
    try {
      const [answer] = await Promise.all([io.load(), people.load()])
      rules.value = answer.rules.map(toDraft)
    } catch (err) {
      notifyError(err)
    } finally {
      loading.value = false
    }
  })

  async function save() {
    saving.value = true
    try {
      await io.save(rules.value)
      forgetTableAccess()
      notifySuccess(t('permissions.saved'))
      io.saved()
    } catch (err) {
      notifyError(err)
    } finally {
      saving.value = false
    }
  }
  return { people, rules, loading, saving, save }
}
