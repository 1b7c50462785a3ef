import { computed } from 'vue'
import { registry, useI18n } from '@docpal/plugin-sdk/client'
import { useTypes } from '../../composables/useFieldTypes.ts'
import { useTypeLabels } from '../../composables/useTypeLabels.ts'

export interface TypeOption {
  type: string
  label: string
  icon: string | undefined
  computed: boolean
  available: boolean
}

/**
 * The field types a column can have: the server's list (labels, computed or not) joined with the
 * client registry (icons). A plugin's own translation of its label wins over the server's text.
 */
export function useTypeOptions() {
  const types = useTypes()
  const { t } = useI18n()
  const labels = useTypeLabels()
  const options = computed<TypeOption[]>(() =>
    types.fieldTypes.value.map((f) => {
      const label = labels.labelOf(f, types.fieldTypes.value)
      return { type: f.type, label, icon: registry.fieldType(f.type)?.icon, computed: f.computed, available: true }
    }),
  )
  /** A type no enabled plugin offers any more still gets an entry, so a column keeps showing it. */
  function option(type: string): TypeOption {
    return options.value.find((o) => o.type === type) ?? { type, label: t('builder.typeUnavailable', { type }), icon: undefined, computed: false, available: false }
  }
  return { options, option, ready: types.ready }
}
