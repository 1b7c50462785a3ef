import { defineComponent } from 'vue'
import { ElInput } from 'element-plus'
import { configValue, defineClientPlugin, displayProps, editorProps, maxLengthConfigEditor, TextFilterInput } from '@docpal/plugin-sdk/client'

/** The server's default `maxLength` (src/shared/config.ts). */
const DEFAULT_MAX_LENGTH = 10_000

const TextDisplay = defineComponent({
  name: 'TextDisplay',
  props: displayProps,
  setup: (p) => () => <span class="dp-text-cell">{p.value == null ? '' : typeof p.value === 'string' ? p.value : JSON.stringify(p.value)}</span>,
})

/** Empty text is stored as null, so "is empty" finds cleared cells. */
const TextEditor = defineComponent({
  name: 'TextEditor',
  props: editorProps,
  emits: ['update:modelValue'],
  setup:
    (p, { emit }) =>
    () => (
      <ElInput
        modelValue={typeof p.modelValue === 'string' ? p.modelValue : ''}
        maxlength={configValue(p.column.config, 'maxLength', DEFAULT_MAX_LENGTH)}
        data-test="field-input"
        onUpdate:modelValue={(v: string) => emit('update:modelValue', v === '' ? null : v)}
      />
    ),
})

export default defineClientPlugin({
  id: 'field-text',
  fieldTypes: [
    {
      type: 'text',
      icon: 'A',
      editsText: true,
      display: TextDisplay,
      editor: TextEditor,
      configEditor: maxLengthConfigEditor(DEFAULT_MAX_LENGTH),
      filterInput: TextFilterInput,
      defaultConfig: () => ({ maxLength: DEFAULT_MAX_LENGTH }),
    },
  ],
  messages: { en: { label: 'Text' }, 'zh-CN': { label: '文本' } },
})
