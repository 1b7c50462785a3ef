import { codes } from '../errors/codes.ts'
import { codeBook } from './say-error.ts'

/** The things KRN_ERR_NOT_FOUND names, in Chinese (a name not listed stays as written). */
const THINGS: Readonly<Record<string, string>> = {
  App: '应用',
  Table: '表',
  Column: '列',
  'Archived column': '已归档的列',
  View: '视图',
  Record: '记录',
  Folder: '文件夹',
  'Folder item': '文件夹中的项目',
  Company: '公司',
  Member: '成员',
  Invitation: '邀请',
  Role: '角色',
  Task: '任务',
  Workflow: '工作流',
  'Workflow run': '工作流运行',
  'Workflow action': '工作流动作',
  'Workflow trigger': '工作流触发器',
  'Workflow hook': '工作流 Webhook',
  'Widget type': '组件类型',
}
const thing = (what: string): string => THINGS[what] ?? what

/**
 * The kernel's catalogued messages in Simplified Chinese, where their arguments are names, numbers
 * or addresses. Codes whose arguments are English sentences of their own (KRN_ERR_VALIDATION's
 * free text, a plugin's reason) are said in English, or worded through `words` (messages.ts).
 */
export const KERNEL_ZH_CN = codeBook(codes, {
  KRN_ERR_NOT_FOUND: (what, id) => `${thing(what)}“${id}”不存在（或属于其他公司）。`,
  KRN_ERR_WORKFLOW_ACTION_UNAVAILABLE: (type) => `没有已启用的插件提供动作“${type}”：请启用提供它的插件，或修改此步骤。`,
  KRN_ERR_WORKFLOW_BRANCH_UNDECLARED: (branch) => `动作返回了分支“${branch}”，但它并未声明该分支。`,
  KRN_ERR_WORKFLOW_VERSION_GONE: (version) => `该工作流的第 ${version} 版已不存在。`,
  KRN_ERR_WORKFLOW_FAILED_BRANCH: (step, type, why) => `步骤“${step}”（${type}）走到了“失败”分支，而此工作流没有处理它${why ? `：${why}` : '。'}`,
  KRN_ERR_ACCOUNT_EMAIL_TAKEN: () => '该邮箱已注册账号：请直接登录，或重置密码。',
  KRN_ERR_COMPANY_CONFIRM: (slug) => `删除公司会永久删除其所有应用、表和记录：请发送 {"confirm": "${slug}"}（公司地址）以确认。`,
  KRN_ERR_ALREADY_MEMBER: (email) => `${email} 已是本公司成员。`,
  KRN_ERR_INVITATION_PENDING: (email) => `${email} 已有一个尚未处理的邀请：请重新发送（POST /api/invitations/:id/resend）或先撤销它。`,
  KRN_ERR_INVITATION_INVALID: () => '此邀请已失效：可能已被使用、已过期、已被撤销，或已被新的邮件取代。请联系邀请你的人重新邀请。',
  KRN_ERR_INVITATION_OTHER_EMAIL: (email) => `此邀请是发给 ${email} 的，而不是你当前登录的账号：请用该地址登录（或退出后创建该账号），或请对方邀请你的地址。`,
  KRN_ERR_META_DUPLICATE_NAME: (what, name) => `此处已有名为“${name}”的${thing(what.charAt(0).toUpperCase() + what.slice(1))}，请换一个名称。`,
  KRN_ERR_DDL_CONCURRENT_CHANGE: (table) => `表“${table}”正在被另一个请求修改，请稍后重试。`,
  KRN_ERR_DDL_LOCK_TIMEOUT: (table) => `表“${table}”正忙（有长时间运行的查询占用），结构修改未执行，请重试。`,
  KRN_ERR_DDL_CAST_UNSUPPORTED: (col, from, to) => `列“${col}”无法从 ${from} 转换为 ${to}：${to} 字段类型未声明从 ${from} 的转换。`,
  KRN_ERR_DDL_LOSSY_CHANGE: (col, n) => `修改列“${col}”会清空 ${n} 个无法转换的值；可加 ?dryRun=true 查看计划，或加 ?force=true 接受。`,
  KRN_ERR_DDL_TOO_MANY_COLUMNS: (max) => `一个表最多 ${max} 列（含已归档的列）；请删除或少恢复一些列，或清除已归档的列（DELETE /api/tables/:id/archived-columns）。`,
  KRN_ERR_QUERY_UNKNOWN_FIELD: (f) => `未知字段“${f}”：请使用列名、列 ID，或 id、createdAt、updatedAt、createdBy 之一。`,
  KRN_ERR_QUERY_UNKNOWN_OPERATOR: (op, field, ops) => `字段“${field}”不支持运算符“${op}”；可用：${ops}。`,
  KRN_ERR_RECORD_NOT_RESTORABLE: (id, why, name) =>
    `记录 ${id} 无法恢复：${
      why === 'no-copy'
        ? `从表“${name}”删除时没有保留它的副本（它从未在此表中，或删除于恢复功能出现之前、审计日志关闭期间，或其日志条目已超过保留期限）`
        : why === 'unique'
          ? '另一条记录现在占用了它在某个唯一列中的值'
          : why === 'required'
            ? `“${name}”现在必须有值，而这条记录当时没有；请重新创建它`
            : '删除后某列的类型已更改，它的值已不再适用'
    }。`,
  KRN_ERR_QUERY_BAD_CURSOR: () => '游标格式错误或属于另一种排序；请不带游标重新开始。',
  KRN_ERR_PERMISSION_FIELD: (column) => `列“${column}”对你的角色只读：请求中请不要包含它，或请所有者或管理员允许你编辑。`,
  KRN_ERR_PERMISSION_ROW: (_action, table) =>
    `你不能对表“${table}”的这条记录执行此操作：它不在你的权限规则允许的范围内（你创建或编辑的记录必须保持在范围内）。请联系所有者或管理员。`,
  KRN_ERR_ROLE_UNKNOWN: (role, known) => `本公司没有角色“${role}”（现有角色：${known}）。`,
  KRN_ERR_FIELD_TYPE_UNKNOWN: (t, known) => `未知的字段类型“${t}”（其插件是否已启用？）。可用：${known}。`,
  KRN_ERR_FIELD_TYPE_UNAVAILABLE: (col, t) => `列“${col}”的类型为“${t}”，其插件已被停用；启用该插件后才能使用此列。`,
  KRN_ERR_VIEW_TYPE_UNKNOWN: (t, known) => `未知的视图类型“${t}”（其插件是否已启用？）。可用：${known}。`,
  KRN_ERR_PLUGIN_NOT_FOUND: (id) => `未安装插件“${id}”。`,
  KRN_ERR_PLUGIN_NOT_ENABLED: (id) => `插件“${id}”未启用，请先启用它。`,
  KRN_ERR_PLUGIN_EXISTS: (id, version) => `插件“${id}”已安装（版本 ${version}），请改为更新。`,
  KRN_ERR_PLUGIN_NOT_NEWER: (id, installed, given) => `已安装插件“${id}” ${installed}；${given} 并不更新。`,
  KRN_ERR_PLUGIN_BUILTIN: (id) => `插件“${id}”随 DocPal 提供，不能卸载或替换；可以停用它。`,
  KRN_ERR_PLUGIN_INCOMPATIBLE: (id, range, kernel) => `插件“${id}”需要内核 ${range}，而当前内核为 ${kernel}。`,
  KRN_ERR_PLUGIN_ARCHIVE_TOO_LARGE: (max) => `插件包解压后超过 ${max} 字节（本服务器的限制 DOCPAL_PLUGIN_MAX_UNPACKED），未安装任何内容。请检查打包内容，或提高限制。`,
  KRN_ERR_PLUGIN_ARCHIVE_TOO_MANY_ENTRIES: (max) =>
    `插件包包含超过 ${max} 个条目（本服务器的限制 DOCPAL_PLUGIN_MAX_ENTRIES），未安装任何内容。请把插件打包成更少的文件，或提高限制。`,
  KRN_ERR_PLUGIN_CHECKSUM: (expected, actual) => `插件包的 sha256 为 ${actual}，而不是预期的 ${expected}；文件可能已损坏或被篡改。未安装任何内容。`,
})
