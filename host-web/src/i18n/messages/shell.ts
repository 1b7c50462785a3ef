import { defineMessages } from '../define.ts'

/** The shell's own strings: header, common words, app list, errors. */
export default defineMessages({
  en: {
    app: { title: 'DocPal', plugins: 'Plugins', theme: 'Dark mode', language: 'Language', home: 'Apps' },
    common: {
      save: 'Save', cancel: 'Cancel', delete: 'Delete', edit: 'Edit', create: 'Create', open: 'Open', close: 'Close',
      name: 'Name', description: 'Description', icon: 'Icon', loading: 'Loading…', confirm: 'Are you sure?',
      retry: 'Try again', empty: 'Nothing here yet', settings: 'Settings', back: 'Back', add: 'Add', apply: 'Apply', search: 'Search',
    },
    apps: {
      title: 'Your apps', create: 'New app', edit: 'Edit app', empty: 'No apps yet. Create one to start building.',
      deleteConfirm: 'Delete the app "{name}" with all its tables, views and folders?', created: 'App created', deleted: 'App deleted', saved: 'App saved',
    },
    errors: { loadFailed: 'Could not load: {message}', pluginFailed: 'The plugin "{id}" failed to load in the browser: {message}', unknownType: 'The field type "{type}" is not available: its plugin is disabled or missing.' },
  },
  'zh-CN': {
    app: { title: 'DocPal', plugins: '插件', theme: '深色模式', language: '语言', home: '应用' },
    common: {
      save: '保存', cancel: '取消', delete: '删除', edit: '编辑', create: '创建', open: '打开', close: '关闭',
      name: '名称', description: '描述', icon: '图标', loading: '加载中…', confirm: '确定吗？',
      retry: '重试', empty: '暂无内容', settings: '设置', back: '返回', add: '添加', apply: '应用', search: '搜索',
    },
    apps: {
      title: '我的应用', create: '新建应用', edit: '编辑应用', empty: '还没有应用。创建一个开始搭建吧。',
      deleteConfirm: '删除应用“{name}”及其所有数据表、视图和文件夹？', created: '应用已创建', deleted: '应用已删除', saved: '应用已保存',
    },
    errors: { loadFailed: '加载失败：{message}', pluginFailed: '插件“{id}”在浏览器中加载失败：{message}', unknownType: '字段类型“{type}”不可用：它的插件已停用或缺失。' },
  },
})
