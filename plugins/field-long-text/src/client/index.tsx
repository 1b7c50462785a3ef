import { defineComponent, type CSSProperties } from 'vue'
import { ElInput } from 'element-plus'
import { configValue, defineClientPlugin, displayProps, editorProps, maxLengthConfigEditor, TextFilterInput } from '@docpal/plugin-sdk/client'

/** The server's default `maxLength` (src/shared/config.ts). */
const DEFAULT_MAX_LENGTH = 1_000_000

/**
 * Line breaks kept, clamped to `--dp-long-text-lines` lines (default 1, so a grid row keeps its
 * height); a page with room (a record's detail) sets the variable higher, or to `none`.
 */
const CLAMPED: CSSProperties = {
  whiteSpace: 'pre-wrap',
  overflowWrap: 'anywhere',
  display: '-webkit-box',
  WebkitLineClamp: 'var(--dp-long-text-lines, 1)',
  // eslint-disable-next-line @typescript-eslint/no-deprecated -- multi-line clamping still needs -webkit-box-orient with -webkit-box; browsers have no unprefixed line-clamp yet
  WebkitBoxOrient: 'vertical',
  overflow: 'hidden',
}
const LongTextDisplay = defineComponent({
  name: 'LongTextDisplay',
  props: displayProps,
  setup: (p) => () => {
    const text = p.value == null ? undefined : typeof p.value === 'string' ? p.value : JSON.stringify(p.value)
    return (
      <span class="dp-long-text" title={text} style={CLAMPED}>
        {text ?? ''}
      </span>
    )
  },
})

/** A textarea: Enter adds a line; Ctrl/Cmd+Enter, Tab or a click outside saves (the host's frame handles the keys and says so under the box). */
const LongTextEditor = defineComponent({
  name: 'LongTextEditor',
  props: editorProps,
  emits: ['update:modelValue'],
  setup:
    (p, { emit }) =>
    () => (
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
      editsText: true,
      display: LongTextDisplay,
      editor: LongTextEditor,
      configEditor: maxLengthConfigEditor(DEFAULT_MAX_LENGTH),
      filterInput: TextFilterInput,
      defaultConfig: () => ({ maxLength: DEFAULT_MAX_LENGTH }),
    },
  ],
  messages: { en: { label: 'Long text' }, 'zh-CN': { label: '长文本' } },
})
