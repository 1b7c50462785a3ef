import { defineMessages } from '../define.ts'

/** The view page and the view editor. */
export default defineMessages({
  en: {
    views: {
      newTitle: 'New view', editTitle: 'View settings', settings: 'Settings', notFound: 'This view does not exist.',
      name: 'Name', namePlaceholder: 'e.g. Open deals by stage', description: 'Description', table: 'Data table', tablePlaceholder: 'Choose a table',
      type: 'View type', typeUnavailable: 'plugin disabled', typeConfig: '{type} settings', noTypeConfig: 'This view type has no settings.',
      query: 'Records', filters: 'Filters', noFilters: 'All records of the table are shown.', sorts: 'Sort', addSort: 'Add sort', noSorts: 'No sort: records keep their natural order.',
      asc: 'Ascending', desc: 'Descending', field: 'Field', removeSort: 'Remove sort',
      groupBy: 'Group by', noGrouping: 'No grouping',
      fields: 'Visible fields', allFields: 'Show all', noneFields: 'Hide all', moveUp: 'Move up', moveDown: 'Move down',
      fieldsHint: 'Unchecked fields are left out of this view; the order here is the order they are shown in.',
      created: 'View created', saved: 'View saved', deleted: 'View deleted', delete: 'Delete view',
      deleteConfirm: 'Delete the view "{name}"? Its records stay in the table.',
      nameRequired: 'Give the view a name.', tableRequired: 'Choose the table whose records the view shows.', typeRequired: 'Choose a view type.',
      noTables: 'This app has no tables yet. Create a table first, then a view of it.',
      pluginDisabled: 'This view is a {type} view, but the plugin that draws {type} views is disabled or missing. An administrator can enable it under Plugins.',
      openPlugins: 'Open Plugins',
    },
  },
  'zh-CN': {
    views: {
      newTitle: '新建视图', editTitle: '视图设置', settings: '设置', notFound: '该视图不存在。',
      name: '名称', namePlaceholder: '例如：按阶段的进行中商机', description: '描述', table: '数据表', tablePlaceholder: '选择数据表',
      type: '视图类型', typeUnavailable: '插件已停用', typeConfig: '{type}设置', noTypeConfig: '该视图类型没有设置项。',
      query: '记录', filters: '筛选', noFilters: '显示数据表的全部记录。', sorts: '排序', addSort: '添加排序', noSorts: '未排序：记录保持原始顺序。',
      asc: '升序', desc: '降序', field: '字段', removeSort: '移除排序',
      groupBy: '分组', noGrouping: '不分组',
      fields: '显示的字段', allFields: '全部显示', noneFields: '全部隐藏', moveUp: '上移', moveDown: '下移',
      fieldsHint: '未勾选的字段不在此视图中显示；这里的顺序就是显示顺序。',
      created: '视图已创建', saved: '视图已保存', deleted: '视图已删除', delete: '删除视图',
      deleteConfirm: '删除视图“{name}”？数据表中的记录会保留。',
      nameRequired: '请填写视图名称。', tableRequired: '请选择视图要显示的数据表。', typeRequired: '请选择视图类型。',
      noTables: '该应用还没有数据表。请先创建数据表，再为它创建视图。',
      pluginDisabled: '这是一个{type}视图，但绘制{type}视图的插件已停用或缺失。管理员可以在“插件”中启用它。',
      openPlugins: '打开插件页面',
    },
  },
})
