import { defineMessages } from '../define.ts'

/** The table page: grid, card view and the filter builder. */
export default defineMessages({
  en: {
    grid: {
      records: '{n} record | {n} records', recordsAbout: '~{n} record | ~{n} records',
      newRecord: 'New record', design: 'Design', gridMode: 'Grid', cardsMode: 'Cards',
      filter: {
        button: 'Filter', buttonCount: 'Filter ({n})', title: 'Filter records', clear: 'Clear',
        none: 'No filter: every record is shown.', where: 'Where', and: 'and', or: 'or', toggleJunction: 'Switch between "and" and "or"',
        field: 'Field', operator: 'Operator', value: 'Value', remove: 'Remove condition',
        addCondition: 'Add condition', addGroup: 'Add group', removeGroup: 'Remove group',
        ops: {
          eq: 'is', neq: 'is not', gt: '>', gte: '≥', lt: '<', lte: '≤',
          contains: 'contains', not_contains: 'does not contain', starts_with: 'starts with', ends_with: 'ends with',
          is_empty: 'is empty', is_not_empty: 'is not empty', in: 'is any of', not_in: 'is none of',
          has_any: 'has any of', has_all: 'has all of', has_none: 'has none of',
          is_true: 'is checked', is_false: 'is not checked',
          before: 'is before', after: 'is after', on: 'is on', between: 'is between',
        },
      },
      sortHint: 'Click to sort, Shift+click to add a secondary sort',
      resize: 'Drag to resize',
      selectAll: 'Select all loaded rows', selectRow: 'Select row', expand: 'Open record',
      selected: '{n} selected', deleteSelected: 'Delete selected',
      deleteConfirm: 'Delete {n} records? This cannot be undone.', deleted: '{n} records deleted',
      empty: 'No records yet', emptyFiltered: 'No records match the filter',
      readOnly: 'Computed field: read-only', saved: 'Saved',
      cards: { gridLayout: 'Grid', listLayout: 'List', untitled: 'Untitled' },
    },
  },
  'zh-CN': {
    grid: {
      records: '{n} 条记录', recordsAbout: '约 {n} 条记录',
      newRecord: '新建记录', design: '设计', gridMode: '表格', cardsMode: '卡片',
      filter: {
        button: '筛选', buttonCount: '筛选（{n}）', title: '筛选记录', clear: '清除',
        none: '没有筛选条件：显示全部记录。', where: '当', and: '且', or: '或', toggleJunction: '在“且”和“或”之间切换',
        field: '字段', operator: '运算符', value: '值', remove: '删除条件',
        addCondition: '添加条件', addGroup: '添加条件组', removeGroup: '删除条件组',
        ops: {
          eq: '等于', neq: '不等于', gt: '>', gte: '≥', lt: '<', lte: '≤',
          contains: '包含', not_contains: '不包含', starts_with: '开头是', ends_with: '结尾是',
          is_empty: '为空', is_not_empty: '不为空', in: '是其中之一', not_in: '不是其中任何一个',
          has_any: '包含任一', has_all: '包含全部', has_none: '都不包含',
          is_true: '已勾选', is_false: '未勾选',
          before: '早于', after: '晚于', on: '是', between: '介于',
        },
      },
      sortHint: '点击排序，按住 Shift 点击添加次要排序',
      resize: '拖动调整列宽',
      selectAll: '选择所有已加载的行', selectRow: '选择此行', expand: '打开记录',
      selected: '已选择 {n} 条', deleteSelected: '删除所选',
      deleteConfirm: '删除 {n} 条记录？此操作无法撤销。', deleted: '已删除 {n} 条记录',
      empty: '还没有记录', emptyFiltered: '没有符合筛选条件的记录',
      readOnly: '计算字段：只读', saved: '已保存',
      cards: { gridLayout: '网格', listLayout: '列表', untitled: '无标题' },
    },
  },
})
