import { defineClientPlugin, t, type TableMeta } from '@docpal/plugin-sdk/client'
import { dateColumns } from './config.ts'
import { GanttConfigEditor } from './GanttConfigEditor.tsx'
import { GanttView } from './GanttView.tsx'

export default defineClientPlugin({
  id: 'view-gantt',
  viewTypes: [
    {
      type: 'gantt',
      // Not the table's ▤: the sidebar lists both.
      icon: '📊',
      renderer: GanttView,
      configEditor: GanttConfigEditor,
      // The table's first two date fields as start and end; with one date field, it is both (one-day
      // bars, as a timeline of single dates shows them), so the view can be created and then re-pointed.
      unavailable: (table: TableMeta) => (dateColumns(table).length ? undefined : t('view-gantt.noDateField')),
      defaultConfig: (table: TableMeta) => {
        const [start, end] = dateColumns(table)
        return start ? { startFieldId: start.id, endFieldId: (end ?? start).id } : {}
      },
    },
  ],
  messages: {
    en: {
      label: 'Gantt',
      days: 'Days',
      weeks: 'Weeks',
      today: 'Today',
      previous: 'Previous',
      next: 'Next',
      untitled: 'Untitled',
      empty: 'No records in this range.',
      startField: 'Start date field',
      endField: 'End date field',
      labelField: 'Text on bars',
      labelAuto: 'The first field that is not a date',
      chooseField: 'Choose a date field',
      noDateField: 'Add date fields to the table first',
      noFields: 'This chart needs a start and an end date field. Choose them in the view settings.',
      truncated: 'Showing {shown} of {total} records in this range: narrow the view with a filter to see the rest.',
    },
    'zh-CN': {
      label: '甘特图',
      days: '日',
      weeks: '周',
      today: '今天',
      previous: '上一页',
      next: '下一页',
      untitled: '未命名',
      empty: '此范围内没有记录。',
      startField: '开始日期字段',
      endField: '结束日期字段',
      labelField: '条形上的文字',
      labelAuto: '第一个非日期字段',
      chooseField: '选择一个日期字段',
      noDateField: '请先为数据表添加日期字段',
      noFields: '甘特图需要开始和结束日期字段。请在视图设置中选择。',
      truncated: '此范围内显示 {shown} / {total} 条记录：用筛选缩小视图以查看其余记录。',
    },
  },
})
