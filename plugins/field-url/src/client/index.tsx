import { defineComponent } from 'vue'
import { ElInput } from 'element-plus'
import { defineClientPlugin, displayProps, editorProps, TextFilterInput } from '@docpal/plugin-sdk/client'

/** The protocols the server accepts (src/shared/config.ts); anything else is shown, never linked. */
const LINKABLE = /^(https?|ftp|mailto):/i

/** A link opening in a new tab; a click on it does not start editing the cell. */
const UrlDisplay = defineComponent({
  name: 'UrlDisplay',
  props: displayProps,
  setup: (p) => () => {
    if (p.value == null || p.value === '') return <span class="dp-url" />
    const url = typeof p.value === 'string' ? p.value : JSON.stringify(p.value)
    if (!LINKABLE.test(url)) return <span class="dp-url">{url}</span>
    return (
      <a
        class="dp-url"
        href={url}
        target="_blank"
        rel="noopener noreferrer"
        title={url}
        onClick={(e: MouseEvent) => e.stopPropagation()}
        style={{ color: 'var(--el-color-primary)', textDecoration: 'none', overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}
      >
        {url.replace(/^https?:\/\//i, '')}
      </a>
    )
  },
})

/** Surrounding spaces are dropped: the server wants an absolute URL and nothing around it. */
const UrlEditor = defineComponent({
  name: 'UrlEditor',
  props: editorProps,
  emits: ['update:modelValue'],
  setup:
    (p, { emit }) =>
    () => (
      <ElInput
        type="url"
        modelValue={typeof p.modelValue === 'string' ? p.modelValue : ''}
        placeholder="https://"
        maxlength={2048}
        data-test="field-input"
        onUpdate:modelValue={(v: string) => emit('update:modelValue', v.trim() === '' ? null : v.trim())}
      />
    ),
})

export default defineClientPlugin({
  id: 'field-url',
  fieldTypes: [{ type: 'url', icon: '🔗', editsText: true, display: UrlDisplay, editor: UrlEditor, filterInput: TextFilterInput, defaultConfig: () => ({}) }],
  messages: { en: { label: 'URL' }, 'zh-CN': { label: '链接' } },
})
