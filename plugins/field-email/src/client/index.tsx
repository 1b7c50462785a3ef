import { defineComponent } from 'vue'
import { ElInput } from 'element-plus'
import { defineClientPlugin, displayProps, editorProps, TextFilterInput } from '@docpal/plugin-sdk/client'

/** A mailto: link; a click on it does not start editing the cell. */
const EmailDisplay = defineComponent({
  name: 'EmailDisplay',
  props: displayProps,
  setup: (p) => () => {
    if (p.value == null || p.value === '') return <span class="dp-email" />
    const email = typeof p.value === 'string' ? p.value : JSON.stringify(p.value)
    return (
      <a
        class="dp-email"
        href={`mailto:${email}`}
        title={email}
        onClick={(e: MouseEvent) => e.stopPropagation()}
        style={{ color: 'var(--el-color-primary)', textDecoration: 'none' }}
      >
        {email}
      </a>
    )
  },
})

const EmailEditor = defineComponent({
  name: 'EmailEditor',
  props: editorProps,
  emits: ['update:modelValue'],
  setup:
    (p, { emit }) =>
    () => (
      <ElInput
        type="email"
        modelValue={typeof p.modelValue === 'string' ? p.modelValue : ''}
        placeholder="name@example.com"
        maxlength={320}
        data-test="field-input"
        onUpdate:modelValue={(v: string) => emit('update:modelValue', v.trim() === '' ? null : v.trim())}
      />
    ),
})

export default defineClientPlugin({
  id: 'field-email',
  fieldTypes: [{ type: 'email', icon: '@', editsText: true, display: EmailDisplay, editor: EmailEditor, filterInput: TextFilterInput, defaultConfig: () => ({}) }],
  messages: { en: { label: 'Email' }, 'zh-CN': { label: '邮箱' } },
})
