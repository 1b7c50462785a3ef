import { ref } from 'vue'
import { endpoints, type FieldTypeInfo, type ViewTypeInfo } from '../services/endpoints.ts'
import { SYSTEM_OPERATORS } from '../components/permissions/system-fields.ts'

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
  // A failed load is the caller's to show (through `ready`); here it must not go unhandled.
  void (loading ?? reloadTypes()).catch((err: unknown) => console.warn('field and view types not loaded', err))
  return {
    fieldTypes,
    viewTypes,
    ready: () => loading ?? reloadTypes(),
    fieldType: (type: string) => fieldTypes.value.find((f) => f.type === type),
    // System fields (the record's creator in row rules) are no plugin's type: their operators are known here.
    operators: (type: string) => fieldTypes.value.find((f) => f.type === type)?.operators ?? SYSTEM_OPERATORS[type] ?? [],
  }
}
