import { defineClientPlugin, t, type TableMeta } from '@docpal/plugin-sdk/client'
import { CalendarConfigEditor } from './CalendarConfigEditor.tsx'
import { CalendarView } from './CalendarView.tsx'
import { dateColumns } from './config.ts'

export default defineClientPlugin({
  id: 'view-calendar',
  viewTypes: [
    {
      type: 'calendar',
      icon: '📅',
      renderer: CalendarView,
      configEditor: CalendarConfigEditor,
      // The table's first date field places the records; a table without one leaves the choice open.
      unavailable: (table: TableMeta) => (dateColumns(table).length ? undefined : t('view-calendar.noDateField')),
      defaultConfig: (table: TableMeta) => {
        const first = dateColumns(table)[0]
        return first ? { dateFieldId: first.id, mode: 'month' } : { mode: 'month' }
      },
    },
  ],
  messages: {
    en: {
      label: 'Calendar',
      month: 'Month',
      week: 'Week',
      today: 'Today',
      previous: 'Previous',
      next: 'Next',
      untitled: 'Untitled',
      dateField: 'Date field',
      endDateField: 'End date field',
      noEndDate: 'None: one day each',
      defaultMode: 'Opens in',
      chooseField: 'Choose a date field',
      noDateField: 'Add a date field to the table first',
      noDateFieldSet: 'This calendar has no date field to place records by. Choose one in the view settings.',
      truncated: 'Showing {shown} of {total} records in this range: narrow the view with a filter to see the rest.',
      colorField: 'Colour by',
      noColor: 'None: one colour for all',
      moveFailed: 'The record was not moved: {reason}',
      addHint: 'Click to add a record on this day; drag a record here to move it',
    },
    'zh-CN': {
      label: '日历',
      month: '月',
      week: '周',
      today: '今天',
      previous: '上一页',
      next: '下一页',
      untitled: '未命名',
      dateField: '日期字段',
      endDateField: '结束日期字段',
      noEndDate: '无：每条记录占一天',
      defaultMode: '默认显示',
      chooseField: '选择一个日期字段',
      noDateField: '请先为数据表添加日期字段',
      noDateFieldSet: '此日历没有用于放置记录的日期字段。请在视图设置中选择一个。',
      truncated: '此范围内显示 {shown} / {total} 条记录：用筛选缩小视图以查看其余记录。',
      colorField: '按此字段着色',
      noColor: '无：统一颜色',
      moveFailed: '记录未移动：{reason}',
      addHint: '点击在这一天添加记录；把记录拖到这里即可改期',
    },
  },
})
