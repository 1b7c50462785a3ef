import { reactive, ref } from 'vue'
import type { FormInstance, FormRules } from 'element-plus'
import { ApiError, useI18n } from '@docpal/plugin-sdk/client'
import { notifyError, notifySuccess } from '../../composables/notify.ts'

/**
 * A settings form: client rules for what is obvious (a name), the server's refusals shown at the
 * field they name, or as a message when they name none.
 */
export function useSettingsForm<T extends Record<string, unknown>>(initial: T, submit: (values: T) => Promise<void>) {
  const { t } = useI18n()
  const form = reactive({ ...initial }) as T
  // Replaced, never emptied key by key: a save starts with no errors.
  const errors = ref<Record<string, string>>({})
  const formRef = ref<FormInstance>()
  const saving = ref(false)
  const rules: FormRules = { name: [{ required: true, whitespace: true, message: () => t('settings.nameRequired'), trigger: 'blur' }] }

  async function save() {
    if (!(await formRef.value?.validate().catch(() => false))) return
    errors.value = {}
    saving.value = true
    try {
      await submit(form)
      notifySuccess(t('settings.saved'))
    } catch (err) {
      const field = err instanceof ApiError ? String(err.path[0] ?? '') : ''
      if (field in form) errors.value[field] = (err as Error).message
      else notifyError(err)
    } finally {
      saving.value = false
    }
  }
  return { form, errors, formRef, saving, rules, save }
}
