import { defineClientPlugin, t, type TableMeta } from '@docpal/plugin-sdk/client'
import { selectColumns } from './config.ts'
import { KanbanConfigEditor } from './KanbanConfigEditor.tsx'
import { KanbanView } from './KanbanView.tsx'

export default defineClientPlugin({
  id: 'view-kanban',
  viewTypes: [
    {
      type: 'kanban',
      icon: '▥',
      renderer: KanbanView,
      configEditor: KanbanConfigEditor,
      // The table's first single-select field; a table without one leaves the choice to the user.
      unavailable: (table: TableMeta) => (selectColumns(table).length ? undefined : t('view-kanban.noSelectField')),
      defaultConfig: (table: TableMeta) => {
        const first = selectColumns(table)[0]
        return first ? { groupByFieldId: first.id } : {}
      },
    },
  ],
  messages: {
    en: {
      label: 'Kanban',
      loading: 'Loading…',
      noValue: 'No value',
      untitled: 'Untitled',
      moveTo: 'Move to another column',
      moveToLane: 'Move to {lane}',
      groupField: 'Columns from',
      chooseField: 'Choose a single-select field',
      noSelectField: 'Add a single-select field to the table first',
      cardFields: 'Fields on cards',
      cardFieldsAuto: 'The first visible fields',
      hideEmpty: 'Hide the "No value" column when it is empty',
      noGroupField: 'This board has no single-select field to make columns from. Choose one in the view settings.',
      truncated: 'Showing {shown} of {total} records: narrow the view with a filter to see the rest.',
    },
    'zh-CN': {
      label: '看板',
      loading: '加载中…',
      noValue: '无值',
      untitled: '未命名',
      moveTo: '移到其他列',
      moveToLane: '移到“{lane}”',
      groupField: '分列依据',
      chooseField: '选择一个单选字段',
      noSelectField: '请先为数据表添加单选字段',
      cardFields: '卡片上的字段',
      cardFieldsAuto: '前几个可见字段',
      hideEmpty: '“无值”列为空时隐藏',
      noGroupField: '此看板没有用于分列的单选字段。请在视图设置中选择一个。',
      truncated: '显示 {shown} / {total} 条记录：用筛选缩小视图以查看其余记录。',
    },
  },
})
