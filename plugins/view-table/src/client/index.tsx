import { defineClientPlugin, type TableMeta } from '@docpal/plugin-sdk/client'
import { TableConfigEditor } from './TableConfigEditor.tsx'
import { TableView } from './TableView.tsx'

export default defineClientPlugin({
  id: 'view-table',
  viewTypes: [{ type: 'table', icon: '▦', renderer: TableView, configEditor: TableConfigEditor, defaultConfig: (_table: TableMeta) => ({ rowHeight: 'short' }) }],
  messages: {
    en: { label: 'Table', loading: 'Loading…', empty: 'No records in this view.', noValue: 'No value', rowHeight: 'Row height', short: 'Short', medium: 'Medium', tall: 'Tall' },
    'zh-CN': { label: '表格', loading: '加载中…', empty: '此视图中没有记录。', noValue: '无值', rowHeight: '行高', short: '矮', medium: '中', tall: '高' },
  },
})
