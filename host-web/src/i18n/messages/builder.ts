import { defineMessages } from '../define.ts'

/** The table builder: creating a table and designing its columns. */
export default defineMessages({
  en: {
    builder: {
      newTitle: 'New table', editTitle: 'Design "{name}"', tableName: 'Table name', tableNamePlaceholder: 'e.g. Customers',
      descriptionPlaceholder: 'What this table holds (optional)',
      columns: 'Columns', addColumn: 'Add column', noColumns: 'No columns yet. Add the first one: a name, a type and its settings.',
      create: 'Create table', save: 'Save changes', discard: 'Discard changes', openTable: 'Open table', unsaved: 'Unsaved changes',
      created: 'Table created', saved: 'Changes saved', nothingToSave: 'No changes to save',
      leaveConfirm: 'You have unsaved changes to this table. Leave without saving?', leave: 'Leave',
      required: 'Required', requiredHint: 'A record must have a value', computed: 'Computed',
      edit: 'Edit column', remove: 'Remove column', moveUp: 'Move up', moveDown: 'Move down', drag: 'Drag to reorder',
      newColumn: 'New column', columnName: 'Column name', columnNamePlaceholder: 'e.g. Price', type: 'Type', typePlaceholder: 'Choose a type',
      done: 'Done', nameMissing: 'Give the column a name.', nameTaken: 'Another column is already called "{name}".',
      noSettings: 'This type has no settings.', settings: 'Settings',
      typeUnavailable: 'Type "{type}" (plugin not enabled)', newBadge: 'New', changedBadge: 'Changed',
      errorAt: { name: 'Name', type: 'Type', config: 'Settings', required: 'Required', column: 'Column' },
      fixErrors: 'The server refused the change: {message}',
      conversion: {
        title: 'Convert existing values?', intro: 'Changing these columns rewrites the values already stored:',
        column: 'Column', change: 'Change', values: 'Values', lost: 'Cannot convert',
        lossyNote: '{count} value(s) cannot be converted and will be emptied. The old values are kept in an archived copy of the column, which you can restore.',
        safeNote: 'Every value converts.', apply: 'Apply change', convertAnyway: 'Convert anyway',
      },
      dependents: {
        title: 'Other columns depend on this', intro: 'These computed columns use a column you removed. They stop working unless they are removed too:',
        dependsOn: 'uses {names}', removeAll: 'Remove with dependents',
      },
      archived: {
        title: 'Removed columns', intro: 'Removed columns keep their data and can be restored.', restore: 'Restore', restored: 'Column "{name}" restored',
        removedAt: 'removed {when}', restoreDirty: 'Save or discard your changes before restoring a column.',
      },
    },
  },
  'zh-CN': {
    builder: {
      newTitle: '新建数据表', editTitle: '设计“{name}”', tableName: '数据表名称', tableNamePlaceholder: '例如：客户',
      descriptionPlaceholder: '这张表存放什么（可选）',
      columns: '字段', addColumn: '添加字段', noColumns: '还没有字段。添加第一个：名称、类型及其设置。',
      create: '创建数据表', save: '保存更改', discard: '放弃更改', openTable: '打开数据表', unsaved: '有未保存的更改',
      created: '数据表已创建', saved: '更改已保存', nothingToSave: '没有需要保存的更改',
      leaveConfirm: '此数据表有未保存的更改。确定不保存就离开吗？', leave: '离开',
      required: '必填', requiredHint: '记录必须有值', computed: '计算字段',
      edit: '编辑字段', remove: '删除字段', moveUp: '上移', moveDown: '下移', drag: '拖动以排序',
      newColumn: '新字段', columnName: '字段名称', columnNamePlaceholder: '例如：价格', type: '类型', typePlaceholder: '选择类型',
      done: '完成', nameMissing: '请为字段命名。', nameTaken: '已有字段名为“{name}”。',
      noSettings: '此类型没有设置项。', settings: '设置',
      typeUnavailable: '类型“{type}”（插件未启用）', newBadge: '新', changedBadge: '已修改',
      errorAt: { name: '名称', type: '类型', config: '设置', required: '必填', column: '字段' },
      fixErrors: '服务器拒绝了此更改：{message}',
      conversion: {
        title: '转换已有数据？', intro: '修改这些字段会改写已存储的值：',
        column: '字段', change: '更改', values: '值', lost: '无法转换',
        lossyNote: '有 {count} 个值无法转换，将被清空。旧值保存在该字段的归档副本中，可以恢复。',
        safeNote: '所有值都能转换。', apply: '应用更改', convertAnyway: '仍然转换',
      },
      dependents: {
        title: '其他字段依赖于它', intro: '以下计算字段使用了你删除的字段。除非一并删除，否则它们将无法工作：',
        dependsOn: '使用 {names}', removeAll: '连同依赖字段一起删除',
      },
      archived: {
        title: '已删除的字段', intro: '已删除的字段会保留数据，可以恢复。', restore: '恢复', restored: '字段“{name}”已恢复',
        removedAt: '删除于 {when}', restoreDirty: '恢复字段前，请先保存或放弃你的更改。',
      },
    },
  },
})
