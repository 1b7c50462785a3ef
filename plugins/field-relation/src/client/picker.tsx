import { defineComponent, shallowRef, type PropType } from 'vue'
import { ElOption, ElSelect } from 'element-plus'
import { kt } from '@docpal/plugin-sdk/client'
import { idsOf, linkLabel } from './links.ts'
import { searchRecords, type Candidate } from './search.ts'

/**
 * Picks records of the target table by searching their display field as the person types.
 * Emits the list of record ids (one at most when `multiple` is off), the shape relation values
 * and `has_any` filters take.
 */
export const RecordPicker = defineComponent({
  name: 'RelationRecordPicker',
  props: {
    modelValue: { type: null as unknown as PropType<unknown> },
    targetTableId: { type: String as PropType<string | undefined>, default: undefined },
    displayFieldId: { type: String as PropType<string | undefined>, default: undefined },
    multiple: { type: Boolean, default: true },
    placeholder: { type: String, default: undefined },
  },
  emits: { 'update:modelValue': (_ids: string[]) => true },
  setup(p, { emit, attrs }) {
    const found = shallowRef<Candidate[]>([])
    const loading = shallowRef(false)
    const failed = shallowRef<string | null>(null)
    let asked = 0

    async function search(text: string) {
      if (!p.targetTableId) return
      const mine = ++asked
      loading.value = true
      try {
        const result = await searchRecords(p.targetTableId, p.displayFieldId, text)
        if (mine === asked) [found.value, failed.value] = [result, null]
      } catch (err) {
        if (mine === asked) failed.value = err instanceof Error ? err.message : String(err)
      } finally {
        if (mine === asked) loading.value = false
      }
    }

    return () => {
      const ids = idsOf(p.modelValue)
      // Picked records stay options, so their chips keep a name while the search shows others.
      const options = [...ids.map((id) => ({ id, label: linkLabel(id) })), ...found.value.filter((c) => !ids.includes(c.id))]
      return (
        <ElSelect
          {...attrs}
          modelValue={p.multiple ? ids : ids[0]}
          multiple={p.multiple}
          filterable
          remote
          remoteMethod={(text: string) => void search(text)}
          remoteShowSuffix
          clearable
          loading={loading.value}
          loadingText={kt('loading')}
          noDataText={failed.value ?? kt('noMatches')}
          placeholder={p.placeholder ?? kt('searchRecords')}
          // Opening the list shows the first records before anything is typed; so does focus, as
          // a list that opens with focus (a cell editor) has no options yet to become visible with.
          {...{ 'onVisible-change': (open: boolean) => open && search(''), onFocus: () => found.value.length === 0 && search('') }}
          onUpdate:modelValue={(v: string | string[] | undefined) => emit('update:modelValue', Array.isArray(v) ? v : v ? [v] : [])}
        >
          {options.map((o) => (
            <ElOption key={o.id} value={o.id} label={o.label} />
          ))}
        </ElSelect>
      )
    }
  },
})
