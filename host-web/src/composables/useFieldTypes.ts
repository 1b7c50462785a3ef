import { ref } from 'vue'
import { endpoints, type FieldTypeInfo, type ViewTypeInfo } from '../services/endpoints.ts'

const fieldTypes = ref<FieldTypeInfo[]>([])
const viewTypes = ref<ViewTypeInfo[]>([])
let loading: Promise<void> | undefined

/** Reloads what the server's enabled plugins offer (after a plugin is enabled or disabled). */
export function reloadTypes(): Promise<void> {
  loading = Promise.all([endpoints.fieldTypes(), endpoints.viewTypes()]).then(([f, v]) => {
    fieldTypes.value = f
    viewTypes.value = v
  })
  return loading
}

/**
 * The server's description of field and view types (labels, config schemas, operators). The
 * components come from the client registry; this is the server's half of the same contract.
 */
export function useTypes() {
  void (loading ?? reloadTypes())
  return {
    fieldTypes,
    viewTypes,
    ready: () => loading ?? reloadTypes(),
    fieldType: (type: string) => fieldTypes.value.find((f) => f.type === type),
    operators: (type: string) => fieldTypes.value.find((f) => f.type === type)?.operators ?? [],
  }
}
