import { defineComponent } from 'vue'
import { ElInput } from 'element-plus'
import { configValue, defineClientPlugin, displayProps, editorProps, filterInputProps, kt, LIST_OPERATORS, t, TagList } from '@docpal/plugin-sdk/client'
import { RelationConfigEditor } from './config-editor.tsx'
import { linksOf, remember } from './links.ts'
import { RecordPicker } from './picker.tsx'
import { resolveLinks } from './resolve.ts'

/** Linked records as chips with their display text. */
const RelationDisplay = defineComponent({
  name: 'RelationDisplay',
  props: displayProps,
  setup: (p) => () => <TagList items={linksOf(p.value).map((l) => ({ key: l.id, label: remember(l.id, l.display) }))} />,
})

/**
 * Writes the list of linked record ids (at most one when the relation links one record). The list
 * opens with the editor; picking the one record of a single link ends the edit, several links add
 * up until Enter, Tab or a click outside.
 */
const RelationEditor = defineComponent({
  name: 'RelationEditor',
  props: editorProps,
  emits: ['update:modelValue', 'commit'],
  setup:
    (p, { emit }) =>
    () => (
      <RecordPicker
        // Element Plus props, passed through: the list opens as the editor takes focus, and Enter after typing picks the first match.
        {...{ automaticDropdown: true, defaultFirstOption: true }}
        modelValue={p.modelValue}
        targetTableId={p.column.config['targetTableId'] as string | undefined}
        displayFieldId={p.column.config['displayFieldId'] as string | undefined}
        multiple={configValue(p.column.config, 'allowMultiple', true)}
        style={{ width: '100%' }}
        data-test="field-relation"
        onUpdate:modelValue={(ids: string[]) => {
          emit('update:modelValue', ids)
          if (!configValue<boolean>(p.column.config, 'allowMultiple', true)) emit('commit')
        }}
      />
    ),
})

/** has_any / has_all / has_none pick records; display_eq / display_contains / display_not_contains take text. */
const RelationFilterInput = defineComponent({
  name: 'RelationFilterInput',
  props: filterInputProps,
  emits: ['update:modelValue'],
  setup:
    (p, { emit }) =>
    () =>
      LIST_OPERATORS.has(p.op) ? (
        <RecordPicker
          modelValue={p.modelValue}
          targetTableId={p.column.config['targetTableId'] as string | undefined}
          displayFieldId={p.column.config['displayFieldId'] as string | undefined}
          data-test="filter-value"
          onUpdate:modelValue={(ids: string[]) => emit('update:modelValue', ids)}
        />
      ) : (
        <ElInput
          modelValue={typeof p.modelValue === 'string' ? p.modelValue : ''}
          placeholder={kt('value')}
          data-test="filter-value"
          onUpdate:modelValue={(v: string) => emit('update:modelValue', v)}
        />
      ),
})

export default defineClientPlugin({
  id: 'field-relation',
  fieldTypes: [
    {
      type: 'relation',
      icon: '↔',
      display: RelationDisplay,
      editor: RelationEditor,
      configEditor: RelationConfigEditor,
      settingLabel: (key: string) => (key === 'targetTableId' ? t('field-relation.target') : undefined),
      filterInput: RelationFilterInput,
      resolveStored: resolveLinks,
      // The linked table has no sensible default: the config editor asks for it.
      defaultConfig: () => ({ allowMultiple: true, reverseAllowMultiple: true }),
    },
  ],
  messages: {
    en: {
      label: 'Relation',
      target: 'Linked table',
      pickTable: 'Choose a table',
      thisTable: 'this table',
      allowMultiple: 'Link to several records',
      displayField: 'Shown field',
      firstField: 'First field of the linked table',
      reverseName: 'Field on the linked table',
      reverseNameHint: 'Default: the name of this table',
      reverseAllowMultiple: 'A linked record may link back to several records',
    },
    'zh-CN': {
      label: '关联',
      target: '关联表',
      pickTable: '选择数据表',
      thisTable: '本表',
      allowMultiple: '允许关联多条记录',
      displayField: '显示字段',
      firstField: '关联表的第一个字段',
      reverseName: '关联表中的对应字段',
      reverseNameHint: '默认：本表的名称',
      reverseAllowMultiple: '关联记录可反向关联多条记录',
    },
  },
})
