import { defineComponent, onMounted, ref, type PropType } from 'vue'
import { ElAvatar, ElFormItem, ElOption, ElSelect, ElSwitch } from 'element-plus'
import { configEditorProps, configValue, defineClientPlugin, displayProps, editorProps, filterInputProps, LIST_OPERATORS, t, ValuesInput } from '@docpal/plugin-sdk/client'
import { knownUsers, resolveUsers, searchUsers, usersOf, type UserRef } from './users.ts'

const m = (key: string) => t(`field-user.${key}`)

const UserChip = defineComponent({
  name: 'UserChip',
  props: { user: { type: Object as PropType<UserRef>, required: true } },
  setup: (p) => () => (
    <span class="dp-user" style={{ display: 'inline-flex', alignItems: 'center', gap: '6px', maxWidth: '100%' }}>
      <ElAvatar size={20} src={p.user.avatar ?? undefined} style={{ flex: 'none', fontSize: '11px' }}>
        {p.user.name.slice(0, 1).toUpperCase()}
      </ElAvatar>
      <span style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>{p.user.name}</span>
    </span>
  ),
})

/** Avatar and name of each user. */
const UserDisplay = defineComponent({
  name: 'UserDisplay',
  props: displayProps,
  setup: (p) => () => (
    <span class="dp-users" style={{ display: 'inline-flex', flexWrap: 'wrap', gap: '4px 10px' }}>
      {usersOf(p.value).map((u) => (
        <UserChip key={u.id} user={u} />
      ))}
    </span>
  ),
})

/**
 * Picks users from the company's directory (GET /api/users, searched as the user types and
 * narrowed to the field's roles). Writes a user id, or a list of ids when the field allows several.
 */
const UserSelect = defineComponent({
  name: 'UserSelect',
  props: {
    modelValue: { type: null as unknown as PropType<unknown> },
    multiple: { type: Boolean, default: false },
    roles: { type: Array as PropType<string[]>, default: () => [] },
  },
  emits: { 'update:modelValue': (_v: string | string[] | null) => true },
  setup: (p, { emit, attrs }) => {
    const found = ref<UserRef[]>([])
    const loading = ref(false)
    const search = async (text: string) => {
      loading.value = true
      try {
        found.value = await searchUsers(text, p.roles)
      } finally {
        loading.value = false
      }
    }
    onMounted(() => void search(''))
    return () => {
      const picked = usersOf(p.modelValue)
      const options = new Map([...found.value, ...picked].map((u) => [u.id, knownUsers.get(u.id) ?? u]))
      return (
        <ElSelect
          {...attrs}
          modelValue={p.multiple ? picked.map((u) => u.id) : picked[0]?.id}
          multiple={p.multiple}
          filterable
          remote
          remoteMethod={(text: string) => void search(text)}
          loading={loading.value}
          clearable
          placeholder={m('pick')}
          onUpdate:modelValue={(v: string | string[] | undefined) =>
            emit('update:modelValue', p.multiple ? (Array.isArray(v) ? v : []) : typeof v === 'string' && v !== '' ? v : null)
          }
        >
          {[...options.values()].map((u) => (
            <ElOption key={u.id} value={u.id} label={u.name}>
              <UserChip user={u} />
            </ElOption>
          ))}
        </ElSelect>
      )
    }
  },
})

/** Picking the one user of a single-user field ends the edit; several users add up until Enter, Tab or a click outside. */
const UserEditor = defineComponent({
  name: 'UserEditor',
  props: editorProps,
  emits: ['update:modelValue', 'commit'],
  setup:
    (p, { emit }) =>
    () => (
      <UserSelect
        modelValue={p.modelValue}
        multiple={configValue(p.column.config, 'allowMultiple', false)}
        roles={configValue<string[]>(p.column.config, 'filterByRole', [])}
        style={{ width: '100%' }}
        // Element Plus props, passed through: the list opens as the editor takes focus, and Enter after typing picks the first match.
        {...{ automaticDropdown: true, defaultFirstOption: true }}
        data-test="field-user"
        onUpdate:modelValue={(v: string | string[] | null) => {
          emit('update:modelValue', v)
          if (!configValue<boolean>(p.column.config, 'allowMultiple', false)) emit('commit')
        }}
      />
    ),
})

const UserConfigEditor = defineComponent({
  name: 'UserConfigEditor',
  props: configEditorProps,
  emits: ['update:modelValue'],
  setup(p, { emit }) {
    const set = (patch: Record<string, unknown>) => {
      const next: Record<string, unknown> = { ...p.modelValue, ...patch }
      if (Array.isArray(next['filterByRole']) && next['filterByRole'].length === 0) delete next['filterByRole']
      emit('update:modelValue', next)
    }
    return () => (
      <div class="dp-user-config">
        <ElFormItem label={m('allowMultiple')}>
          <ElSwitch
            modelValue={configValue(p.modelValue, 'allowMultiple', false)}
            data-test="config-allowMultiple"
            onUpdate:modelValue={(v: string | number | boolean) => set({ allowMultiple: v === true })}
          />
        </ElFormItem>
        <ElFormItem label={m('roles')}>
          <ValuesInput
            modelValue={p.modelValue['filterByRole'] ?? []}
            placeholder={m('anyRole')}
            data-test="config-roles"
            onUpdate:modelValue={(v: string[]) =>
              set({
                filterByRole: v
                  .map((r) => r.trim())
                  .filter((r) => r !== '')
                  .slice(0, 50),
              })
            }
          />
        </ElFormItem>
      </div>
    )
  },
})

/** eq / neq take one user, has_any / has_all / has_none several; "is me" operators take none. */
const UserFilterInput = defineComponent({
  name: 'UserFilterInput',
  props: filterInputProps,
  emits: ['update:modelValue'],
  setup:
    (p, { emit }) =>
    () => (
      <UserSelect
        modelValue={p.modelValue}
        multiple={LIST_OPERATORS.has(p.op)}
        data-test="filter-value"
        onUpdate:modelValue={(v: string | string[] | null) => emit('update:modelValue', v)}
      />
    ),
})

export default defineClientPlugin({
  id: 'field-user',
  fieldTypes: [
    {
      type: 'user',
      icon: '👤',
      display: UserDisplay,
      editor: UserEditor,
      configEditor: UserConfigEditor,
      filterInput: UserFilterInput,
      resolveStored: resolveUsers,
      defaultConfig: () => ({ allowMultiple: false }),
    },
  ],
  messages: {
    en: { label: 'User', pick: 'Search users', allowMultiple: 'Allow several users', roles: 'Only users with roles', anyRole: 'Any role' },
    'zh-CN': { label: '成员', pick: '搜索成员', allowMultiple: '允许多个成员', roles: '仅限以下角色', anyRole: '任意角色' },
  },
})
