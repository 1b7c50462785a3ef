import { defineMessages } from '../define.ts'

/** Settings pages of apps, tables and folders. */
export default defineMessages({
  en: {
    settings: {
      nameRequired: 'Enter a name',
      saved: 'Settings saved',
      dangerZone: 'Danger zone',
      notFound: 'This item no longer exists.',
      iconHint: 'An emoji or a short symbol',
      app: { title: 'App settings', delete: 'Delete this app', deleteHint: 'Deletes the app with all its tables, records, views and folders.' },
      table: {
        title: 'Table settings',
        design: 'Edit fields',
        open: 'Open table',
        fields: 'no fields | {n} field | {n} fields',
        delete: 'Delete this table',
        deleteHint: 'Deletes the table, its records and the views that show it.',
        deleteConfirm: 'Delete the table "{name}" with all its records and views? This cannot be undone.',
        deleted: 'Table deleted',
      },
      folder: {
        title: 'Folder settings',
        parent: 'Parent folder',
        topLevel: 'None (top level)',
        contents: 'Contents',
        emptyContents: 'This folder is empty.',
        delete: 'Delete this folder',
        deleteHint: 'Deletes the folder and its subfolders. Their tables and views are kept.',
      },
    },
  },
  'zh-CN': {
    settings: {
      nameRequired: '请输入名称',
      saved: '设置已保存',
      dangerZone: '危险操作',
      notFound: '该项目已不存在。',
      iconHint: '一个表情符号或简短符号',
      app: { title: '应用设置', delete: '删除此应用', deleteHint: '删除应用及其所有数据表、记录、视图和文件夹。' },
      table: {
        title: '数据表设置',
        design: '编辑字段',
        open: '打开数据表',
        fields: '{n} 个字段',
        delete: '删除此数据表',
        deleteHint: '删除数据表、其中的记录以及展示它的视图。',
        deleteConfirm: '删除数据表“{name}”及其所有记录和视图？此操作无法撤销。',
        deleted: '数据表已删除',
      },
      folder: {
        title: '文件夹设置',
        parent: '上级文件夹',
        topLevel: '无（顶层）',
        contents: '内容',
        emptyContents: '此文件夹为空。',
        delete: '删除此文件夹',
        deleteHint: '删除文件夹及其子文件夹。其中的数据表和视图会保留。',
      },
    },
  },
})
