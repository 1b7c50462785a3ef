import { defineComponent } from 'vue'
import { ElInput } from 'element-plus'
import { configValue, defineClientPlugin, displayProps, editorProps, maxLengthConfigEditor, TextFilterInput } from '@docpal/plugin-sdk/client'

/** The server's default `maxLength` (src/shared/config.ts). */
const DEFAULT_MAX_LENGTH = 1_000_000

/**
 * Line breaks kept, clamped to `--dp-long-text-lines` lines (default 1, so a grid row keeps its
 * height); a page with room (a record's detail) sets the variable higher, or to `none`.
 */
const LongTextDisplay = defineComponent({
  props: displayProps,
  setup: (p) => () => (
    <span
      class="dp-long-text"
      title={p.value == null ? undefined : String(p.value)}
      style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', display: '-webkit-box', WebkitLineClamp: 'var(--dp-long-text-lines, 1)', WebkitBoxOrient: 'vertical', overflow: 'hidden' }}
    >
      {p.value == null ? '' : String(p.value)}
    </span>
  ),
})

/** A textarea: Enter adds a line, Ctrl/Cmd+Enter saves (the host's editor wrapper handles the keys). */
const LongTextEditor = defineComponent({
  props: editorProps,
  emits: ['update:modelValue'],
  setup: (p, { emit }) => () => (
    <ElInput
      type="textarea"
      autosize={{ minRows: 2, maxRows: 10 }}
      modelValue={typeof p.modelValue === 'string' ? p.modelValue : ''}
      maxlength={configValue(p.column.config, 'maxLength', DEFAULT_MAX_LENGTH)}
      data-test="field-input"
      onUpdate:modelValue={(v: string) => emit('update:modelValue', v === '' ? null : v)}
    />
  ),
})

export default defineClientPlugin({
  id: 'field-long-text',
  fieldTypes: [
    {
      type: 'long_text',
      icon: '¶',
      display: LongTextDisplay,
      editor: LongTextEditor,
      configEditor: maxLengthConfigEditor(DEFAULT_MAX_LENGTH),
      filterInput: TextFilterInput,
      defaultConfig: () => ({ maxLength: DEFAULT_MAX_LENGTH }),
    },
  ],
  messages: { en: { label: 'Long text' }, 'zh-CN': { label: '长文本' } },
})
