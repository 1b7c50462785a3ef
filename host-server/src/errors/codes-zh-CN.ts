import { codeBook } from '@docpal/kernel'
import { hostCodes } from './codes.ts'

const mib = (bytes: number, digits: number): string => (bytes / 1048576).toFixed(digits)

/** Why a request needs credentials, as the host says it (install-auth.ts, authenticator.ts, the auth routes). */
const WHY_SIGN_IN: Readonly<Record<string, string>> = {
  'You are not signed in.': '你尚未登录。',
  'Your session has ended.': '你的会话已结束。',
  'Your account no longer exists.': '你的账号已不存在。',
  'The API token is unknown, revoked or expired.': 'API 令牌未知、已撤销或已过期。',
  'The Authorization header is not "Bearer <token>".': 'Authorization 请求头不是 "Bearer <token>" 的形式。',
}
const UNITS: Readonly<Record<string, string>> = { second: '秒', minute: '分钟', hour: '小时' }
/** "15 seconds", "1 minute", "3 minute(s)" (the rate limits' waits) in Chinese. */
const wait = (after: string): string => {
  const m = /^(\d+) (second|minute|hour)(?:s|\(s\))?$/.exec(after)
  return m ? `${m[1]} ${UNITS[m[2] ?? ''] ?? ''}` : after
}

/**
 * The host's messages in Simplified Chinese (the kernel's: KERNEL_ZH_CN). Codes whose argument is
 * a reason in English of its own (a JSON parser's, a database's) keep that reason as given.
 */
export const HOST_ZH_CN = codeBook(hostCodes, {
  HST_ERR_BAD_JSON: (why) => `请求体不是有效的 JSON：${why}`,
  HST_ERR_JSON_TOO_DEEP: (limit) => `请求体中的数组和对象嵌套超过 ${limit} 层（DOCPAL_MAX_JSON_DEPTH）。`,
  HST_ERR_BAD_ENCODING: (why) => `请求体不是格式正确的 Unicode：${why}。请发送 UTF-8 文本。`,
  HST_ERR_BODY_TOO_LARGE: (limit) => `请求体超过 ${limit} 字节（${mib(limit, limit % 1048576 ? 2 : 0)} MiB）；请减少发送的数据（批量插入：拆成多个请求）。`,
  HST_ERR_UNSUPPORTED_MEDIA_TYPE: (got, want) => `此处不接受类型为“${got}”的请求体；请以 ${want} 发送。`,
  HST_ERR_URL_TOO_LONG: () => '请求网址或其路径的某一部分过长；较长的查询请放在请求体中发送（例如 POST /api/tables/:id/records/query）。',
  HST_ERR_HEADERS_TOO_LARGE: () => '请求行和请求头过大（网址、Cookie）；较长的查询请放在请求体中发送。',
  HST_ERR_ROUTE_NOT_FOUND: (m, url) => `没有接口 ${m} ${url}；API 说明见 /api/docs。`,
  HST_ERR_STATEMENT_TIMEOUT: () => '请求运行时间超过语句超时，已被停止：请缩小筛选范围、请求更小的页，或简化它读取的公式字段。管理员可以调高 DOCPAL_STATEMENT_TIMEOUT_MS。',
  HST_ERR_RESPONSE_TOO_LARGE: (size, max) => `响应将有 ${size} 字节，超过上限 ${max}（DOCPAL_MAX_RESPONSE）：请请求更小的页（limit）或更少的字段。`,
  HST_ERR_BUSY: (n) => `已有 ${n} 个批量插入正在运行或排队（DOCPAL_BULK_CONCURRENCY + DOCPAL_BULK_QUEUE）；请几秒后重新发送（见 Retry-After）。`,
  HST_ERR_EXPORTS_BUSY: (n) => `已有 ${n} 个导出正在运行或排队；请几秒后再请求（见 Retry-After）。`,
  HST_ERR_AUTH_REQUIRED: (why) => `${WHY_SIGN_IN[why] ?? why}请登录（POST /api/auth/login 会设置会话 Cookie），或以 "Authorization: Bearer <token>" 发送 API 令牌。`,
  HST_ERR_AUTH_BAD_CREDENTIALS: () => '邮箱或密码错误。',
  HST_ERR_CSRF: () => '此修改带有会话 Cookie，但缺少 X-DocPal-CSRF 请求头（docpal_csrf Cookie 的值）；网页应用会自动发送它，脚本请使用 API 令牌。',
  HST_ERR_VIEW_AS_READ_ONLY: () => '以其他角色或成员身份预览（X-DocPal-View-As）时只能读取：发送修改时请去掉该请求头。',
  HST_ERR_TOKEN_READ_ONLY: () => '此 API 令牌只能读取；如需修改，请创建具有写权限的令牌。',
  HST_ERR_COMPANY_UNKNOWN: (id) => `公司“${id}”不存在，或你不是其成员（或你的 API 令牌不属于该公司）。`,
  HST_ERR_COMPANY_REQUIRED: () => '你属于多个公司（或不属于任何公司）：请用 X-DocPal-Company 请求头指明此请求针对的公司，或创建、加入一个公司。',
  HST_ERR_SESSION_UNKNOWN: (id) => `你没有会话“${id}”（它已结束，或不属于你）。`,
  HST_ERR_TOKEN_UNKNOWN: (id) => `你没有 API 令牌“${id}”（它已被撤销，或不属于你）。`,
  HST_ERR_SIGNUP_CLOSED: () => '本服务器仅限受邀注册（DOCPAL_SIGNUP=invite）：请联系管理员邀请你。',
  HST_ERR_RATE_LIMITED: (after) => `尝试次数过多；请在 ${wait(after)}后重试（见 Retry-After）。`,
  HST_ERR_LINK_INVALID: () => '此链接已失效：可能已被使用、已过期，或已被新的邮件取代。请重新获取。',
  HST_ERR_EMAIL_TAKEN: () => '该邮箱地址已被其他账号使用；请换一个。',
  HST_ERR_PASSWORD_WRONG: () => '当前密码错误；请输入你登录时使用的密码。',
  HST_ERR_IMPORT_TOO_LARGE: (limit) => `文件超过 ${limit} 字节（${mib(limit, 0)} MiB，DOCPAL_MAX_IMPORT_BODY）；请拆分成多个文件。`,
  HST_ERR_IMPORT_EMPTY: () => '文件中没有可导入的行（文件为空，或只有空行）。',
  HST_ERR_IMPORT_CELL_TOO_LARGE: (row, column, limit) => `第 ${row} 行，列 ${column}：单元格超过 ${limit} 个字符，即字段能容纳的上限；请缩短它或不导入该列。`,
  HST_ERR_IMPORT_NOT_FOUND: (id) => `没有导入 ${id}（上传的文件保留一小时，完成的导入保留一天）；请重新上传文件。`,
  HST_ERR_IMPORT_STARTED: (id, state) => `导入 ${id} 已经开始（状态：${state}）；如需再次导入，请重新上传文件。`,
  HST_ERR_REJOINING: () => '此服务器进程与数据库的连接中断，正在重新加入服务器进程；请几秒后重试。',
  HST_ERR_INTERNAL: () => '服务器出错了，修改未执行。详细信息见服务器日志。',
})
