import { defineComponent, shallowRef, watch } from 'vue'
import { ElFormItem, ElInput, ElOption, ElSelect, ElSwitch } from 'element-plus'
import {
  ColumnSelect,
  configEditorProps,
  configValue,
  fetchAppTables,
  fetchTable,
  orderedColumns,
  t,
  useAppContext,
  type ColumnInfo,
  type TableMeta,
} from '@docpal/plugin-sdk/client'

const m = (key: string) => t(`field-relation.${key}`)

/**
 * The linked table (one of this app's), whether a record links to one or many, the field shown for
 * linked records, and the name and cardinality of the field created on the other side. The other
 * side's own config has `pairedFieldId` and cannot move to another table.
 */
export const RelationConfigEditor = defineComponent({
  props: configEditorProps,
  emits: ['update:modelValue'],
  setup(p, { emit }) {
    const app = useAppContext()
    const tables = shallowRef<TableMeta[]>([])
    const targetColumns = shallowRef<ColumnInfo[]>([])
    const target = () => p.modelValue['targetTableId'] as string | undefined
    const paired = () => typeof p.modelValue['pairedFieldId'] === 'string'

    const failed = shallowRef<string | null>(null)
    /** Loads a list into `into`; a failure shows its message under the form instead of the list. */
    const load = <T,>(into: { value: T[] }, get: () => Promise<T[]> | null) => {
      into.value = []
      get()?.then(
        (list) => ((into.value = list), (failed.value = null)),
        (err: unknown) => (failed.value = err instanceof Error ? err.message : String(err)),
      )
    }
    watch(
      () => p.table?.appId ?? app.appId.value,
      (appId) => load(tables, () => (appId ? fetchAppTables(appId) : null)),
      { immediate: true },
    )
    watch(target, (id) => load(targetColumns, () => (id ? fetchTable(id, { fresh: true }).then(orderedColumns) : null)), { immediate: true })

    const set = (patch: Record<string, unknown>) => {
      const next = Object.fromEntries(Object.entries({ ...p.modelValue, ...patch }).filter(([, v]) => v !== undefined && v !== ''))
      emit('update:modelValue', next)
    }

    return () => (
      <div class="dp-relation-config">
        <ElFormItem label={m('target')}>
          <ElSelect
            modelValue={target()}
            filterable
            disabled={paired()}
            placeholder={m('pickTable')}
            data-test="config-targetTable"
            style={{ width: '260px' }}
            onUpdate:modelValue={(v: string) => set({ targetTableId: v, displayFieldId: undefined })}
          >
            {tables.value.map((tb) => (
              <ElOption key={tb.id} value={tb.id} label={tb.id === p.table?.id ? `${tb.name} (${m('thisTable')})` : tb.name} />
            ))}
          </ElSelect>
        </ElFormItem>
        <ElFormItem label={m('allowMultiple')}>
          <ElSwitch
            modelValue={configValue(p.modelValue, 'allowMultiple', true)}
            data-test="config-allowMultiple"
            onUpdate:modelValue={(v: string | number | boolean) => set({ allowMultiple: v === true })}
          />
        </ElFormItem>
        <ElFormItem label={m('displayField')}>
          <ColumnSelect
            modelValue={p.modelValue['displayFieldId'] as string | undefined}
            columns={targetColumns.value}
            clearable
            placeholder={m('firstField')}
            data-test="config-displayField"
            onUpdate:modelValue={(v: string | undefined) => set({ displayFieldId: v })}
          />
        </ElFormItem>
        {failed.value ? (
          <div class="dp-field-error" style={{ color: 'var(--el-color-danger)', fontSize: '12px' }}>
            {failed.value}
          </div>
        ) : null}
        {paired() ? null : (
          <>
            <ElFormItem label={m('reverseName')}>
              <ElInput
                modelValue={(p.modelValue['reverseRelationName'] as string | undefined) ?? ''}
                maxlength={255}
                placeholder={m('reverseNameHint')}
                data-test="config-reverseName"
                onUpdate:modelValue={(v: string) => set({ reverseRelationName: v.trim() === '' ? undefined : v })}
              />
            </ElFormItem>
            <ElFormItem label={m('reverseAllowMultiple')}>
              <ElSwitch
                modelValue={configValue(p.modelValue, 'reverseAllowMultiple', true)}
                data-test="config-reverseAllowMultiple"
                onUpdate:modelValue={(v: string | number | boolean) => set({ reverseAllowMultiple: v === true })}
              />
            </ElFormItem>
          </>
        )}
      </div>
    )
  },
})
