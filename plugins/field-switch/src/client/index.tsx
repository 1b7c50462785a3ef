import { defineComponent } from 'vue'
import { ElOption, ElSelect, ElSwitch } from 'element-plus'
import { CheckMark, defineClientPlugin, displayProps, editorProps, filterInputProps, kt } from '@docpal/plugin-sdk/client'

/** A tick when on; off and empty both show nothing, as an unticked box does. */
const SwitchDisplay = defineComponent({
  name: 'SwitchDisplay',
  props: displayProps,
  setup: (p) => () => (p.value === true ? <CheckMark /> : <span class="dp-switch-off" />),
})

/** An empty switch reads as off; toggling always writes a boolean and ends the edit. */
const SwitchEditor = defineComponent({
  name: 'SwitchEditor',
  props: editorProps,
  emits: ['update:modelValue', 'commit'],
  setup:
    (p, { emit }) =>
    () => (
      <ElSwitch
        modelValue={p.modelValue === true}
        data-test="field-switch"
        onUpdate:modelValue={(v: string | number | boolean) => {
          emit('update:modelValue', v === true)
          emit('commit')
        }}
      />
    ),
})

/** `eq` / `neq` compare with yes or no; is_true, is_false and the empty checks take no value. */
const SwitchFilterInput = defineComponent({
  name: 'SwitchFilterInput',
  props: filterInputProps,
  emits: ['update:modelValue'],
  setup:
    (p, { emit }) =>
    () => (
      <ElSelect
        modelValue={typeof p.modelValue === 'boolean' ? p.modelValue : undefined}
        placeholder={kt('value')}
        data-test="filter-value"
        onUpdate:modelValue={(v: boolean) => emit('update:modelValue', v)}
      >
        <ElOption value={true} label={kt('yes')} />
        <ElOption value={false} label={kt('no')} />
      </ElSelect>
    ),
})

export default defineClientPlugin({
  id: 'field-switch',
  fieldTypes: [{ type: 'switch', icon: '☑', display: SwitchDisplay, editor: SwitchEditor, filterInput: SwitchFilterInput, defaultConfig: () => ({}) }],
  messages: { en: { label: 'Switch' }, 'zh-CN': { label: '开关' } },
})
