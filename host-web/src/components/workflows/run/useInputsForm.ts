import { ref, watch } from 'vue'
import { collectInputs, initialInputs, type WorkflowInput } from './workflow-inputs.ts'

/**
 * The state of one inputs form: values, the errors shown, and `take()`, which answers the values
 * to send or null when a required field is empty (its error then shows). An error goes away as
 * soon as the field is filled: a stale "is required" under a filled field reads as a bug.
 */
export function useInputsForm(fields: () => ReadonlyArray<WorkflowInput>, requiredMessage: (name: string) => string) {
  const values = ref(initialInputs(fields()))
  const errors = ref<Record<string, string>>({})
  watch(
    values,
    () => {
      if (Object.keys(errors.value).length) errors.value = collectInputs(fields(), values.value, requiredMessage).errors
    },
    { deep: true },
  )
  function take(): Record<string, unknown> | null {
    const { data, errors: missing } = collectInputs(fields(), values.value, requiredMessage)
    errors.value = missing
    return Object.keys(missing).length ? null : data
  }
  return { values, errors, take }
}
