import { defineMessages } from '../define.ts'

/** The app sidebar, its folder tree and the app home page. */
export default defineMessages({
  en: {
    sidebar: {
      table: 'Table', view: 'View', folder: 'Folder', appSettings: 'App settings', actions: 'Actions', design: 'Design table',
      empty: 'No tables or views yet', newFolder: 'New folder', newSubfolder: 'New subfolder', renameFolder: 'Rename',
      deleteFolder: 'Delete folder', folderName: 'Folder name', folderPlaceholder: 'e.g. Sales', nameRequired: 'Enter a name',
      deleteFolderConfirm: 'Delete the folder "{name}" and its subfolders? The tables and views in them are kept and move out of the folders.',
      folderDeleted: 'Folder deleted', moveTo: 'Move to…', moveTitle: 'Move "{name}"', topLevel: 'No folder (top level)', moved: 'Moved',
    },
    home: {
      tables: 'Tables', views: 'Views', noTables: 'No tables yet', noTablesHint: 'A table holds your records. Create one to start.',
      createTable: 'Create a table', createView: 'New view', columns: 'no fields | {n} field | {n} fields', viewOf: '{type} of {table}',
    },
  },
  'zh-CN': {
    sidebar: {
      table: '数据表', view: '视图', folder: '文件夹', appSettings: '应用设置', actions: '操作', design: '设计数据表',
      empty: '还没有数据表或视图', newFolder: '新建文件夹', newSubfolder: '新建子文件夹', renameFolder: '重命名',
      deleteFolder: '删除文件夹', folderName: '文件夹名称', folderPlaceholder: '例如：销售', nameRequired: '请输入名称',
      deleteFolderConfirm: '删除文件夹“{name}”及其子文件夹？其中的数据表和视图会保留，并移出文件夹。',
      folderDeleted: '文件夹已删除', moveTo: '移动到…', moveTitle: '移动“{name}”', topLevel: '不放入文件夹（顶层）', moved: '已移动',
    },
    home: {
      tables: '数据表', views: '视图', noTables: '还没有数据表', noTablesHint: '数据表用来存放记录。创建一个开始吧。',
      createTable: '创建数据表', createView: '新建视图', columns: '{n} 个字段', viewOf: '{table} 的{type}',
    },
  },
})
