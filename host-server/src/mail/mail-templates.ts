import type { MailKind, MailLocale, MailRequest } from './mail-types.ts'

/** A mail ready to send: subject, plain text and HTML (every filled-in value escaped in the HTML). */
export interface RenderedMail {
  readonly subject: string
  readonly text: string
  readonly html: string
}

/** The words of one mail: a heading line, paragraphs, the button's label; `{key}` is filled from the data. */
interface Wording {
  readonly subject: string
  readonly greeting: string
  readonly lines: ReadonlyArray<string>
  readonly action: string
  readonly ignore: string
}

type Catalogue = Record<MailKind, Wording>

const en: Catalogue = {
  'verify-email': {
    subject: 'Confirm your email address for DocPal',
    greeting: 'Hello {name},',
    lines: ['Please confirm that {to} is your email address by opening this link:'],
    action: 'Confirm email address',
    ignore: 'The link works once and expires at {expires}. If you did not sign up for DocPal, ignore this mail.',
  },
  'magic-link': {
    subject: 'Your DocPal sign-in link',
    greeting: 'Hello {name},',
    lines: ['Open this link to sign in to DocPal:'],
    action: 'Sign in',
    ignore: 'The link works once and expires at {expires}. If you did not ask for it, ignore this mail: nobody can sign in without it.',
  },
  'password-reset': {
    subject: 'Reset your DocPal password',
    greeting: 'Hello {name},',
    lines: ['Someone (hopefully you) asked to reset the password of your DocPal account. Open this link to choose a new one:'],
    action: 'Choose a new password',
    ignore:
      'The link works once and expires at {expires}. Choosing a new password signs you out everywhere. If you did not ask for it, ignore this mail: your password stays as it is.',
  },
  invitation: {
    subject: '{inviterName} invites you to {companyName} on DocPal',
    greeting: 'Hello,',
    lines: ['{inviterName} invites you to join {companyName} on DocPal. Open this link to accept:', 'Or enter the invite code {code} after signing in.'],
    action: 'Accept the invitation',
    ignore: 'The invitation expires at {expires}. If you do not know the sender, ignore this mail.',
  },
  'email-change': {
    subject: 'Confirm your new email address for DocPal',
    greeting: 'Hello {name},',
    lines: ['You asked to sign in to DocPal with {to} from now on. Open this link to confirm the change:'],
    action: 'Confirm new email address',
    ignore: 'The link works once and expires at {expires}. Until then your old address stays in use. If you did not ask for this, ignore this mail.',
  },
  'signup-attempt': {
    subject: 'Someone tried to sign up to DocPal with your address',
    greeting: 'Hello {name},',
    lines: [
      'At {when} someone tried to create a new DocPal account with {to}. That address has an account already, so nothing was created and nobody was signed in. If it was you, sign in instead:',
      'Forgot your password? Choose "Forgot password?" on the sign-in page and a reset link is mailed to this address.',
    ],
    action: 'Sign in',
    ignore: 'If it was not you, ignore this mail: nobody can use your account without your password or a link mailed to you.',
  },
  'email-changed': {
    subject: 'The email address of your DocPal account was changed',
    greeting: 'Hello {name},',
    lines: [
      'At {when} the email address of your DocPal account was changed from {to} to {newEmail}. Sign-in links, password resets and other mails now go to the new address.',
      'If it was not you, act now: sign in with {newEmail} and your password, change the address back and choose a new password on the Profile page ("Log out everywhere else" ends the other sessions). If that does not work, ask the administrator of your DocPal server for help.',
    ],
    action: 'Sign in',
    ignore: 'If it was you, there is nothing more to do.',
  },
}

const zhCN: Catalogue = {
  'verify-email': {
    subject: '确认您在 DocPal 的邮箱地址',
    greeting: '{name}，您好：',
    lines: ['请打开以下链接，确认 {to} 是您的邮箱地址：'],
    action: '确认邮箱地址',
    ignore: '该链接只能使用一次，将于 {expires} 失效。如果您没有注册 DocPal，请忽略此邮件。',
  },
  'magic-link': {
    subject: '您的 DocPal 登录链接',
    greeting: '{name}，您好：',
    lines: ['打开以下链接即可登录 DocPal：'],
    action: '登录',
    ignore: '该链接只能使用一次，将于 {expires} 失效。如果这不是您本人的请求，请忽略此邮件：没有该链接，任何人都无法登录。',
  },
  'password-reset': {
    subject: '重置您的 DocPal 密码',
    greeting: '{name}，您好：',
    lines: ['有人（希望是您本人）请求重置您 DocPal 账户的密码。打开以下链接设置新密码：'],
    action: '设置新密码',
    ignore: '该链接只能使用一次，将于 {expires} 失效。设置新密码后，您在所有设备上的登录都会退出。如果这不是您本人的请求，请忽略此邮件，您的密码不会改变。',
  },
  invitation: {
    subject: '{inviterName} 邀请您加入 DocPal 上的 {companyName}',
    greeting: '您好：',
    lines: ['{inviterName} 邀请您加入 DocPal 上的 {companyName}。打开以下链接接受邀请：', '或在登录后输入邀请码 {code}。'],
    action: '接受邀请',
    ignore: '该邀请将于 {expires} 失效。如果您不认识发件人，请忽略此邮件。',
  },
  'email-change': {
    subject: '确认您在 DocPal 的新邮箱地址',
    greeting: '{name}，您好：',
    lines: ['您请求今后使用 {to} 登录 DocPal。打开以下链接确认此更改：'],
    action: '确认新邮箱地址',
    ignore: '该链接只能使用一次，将于 {expires} 失效。在此之前，您的旧邮箱地址仍然有效。如果这不是您本人的请求，请忽略此邮件。',
  },
  'signup-attempt': {
    subject: '有人尝试用您的邮箱地址注册 DocPal',
    greeting: '{name}，您好：',
    lines: [
      '{when}，有人尝试使用 {to} 创建新的 DocPal 账户。该地址已有账户，因此没有创建任何账户，也没有任何人因此登录。如果是您本人，请直接登录：',
      '忘记密码？请在登录页选择“忘记密码？”，重置链接会发送到此邮箱。',
    ],
    action: '登录',
    ignore: '如果不是您本人，请忽略此邮件：没有您的密码或发到您邮箱的链接，任何人都无法使用您的账户。',
  },
  'email-changed': {
    subject: '您的 DocPal 账户邮箱地址已更改',
    greeting: '{name}，您好：',
    lines: [
      '{when}，您的 DocPal 账户邮箱地址已从 {to} 更改为 {newEmail}。今后登录链接、密码重置等邮件都会发送到新地址。',
      '如果这不是您本人的操作，请立即处理：使用 {newEmail} 和您的密码登录，在“个人资料”页面把邮箱改回并设置新密码（“退出其他所有会话”可结束其他登录）。如果无法登录，请联系您的 DocPal 服务器管理员。',
    ],
    action: '登录',
    ignore: '如果是您本人的操作，则无需再做任何事。',
  },
}

const CATALOGUES: Record<MailLocale, Catalogue> = { en, 'zh-CN': zhCN }

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c)
}

/** `2026-12-05 09:30 UTC`: the same in both languages, and unambiguous. */
function formatTime(iso: string | undefined): string {
  if (!iso) return ''
  const d = new Date(iso)
  return Number.isNaN(d.getTime()) ? iso : `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`
}

function fill(template: string, values: Readonly<Record<string, string>>, escape: (s: string) => string): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => escape(values[key] ?? ''))
}

/** The mail of a kind in a language, filled in from the request's data. */
export function renderMail(mail: MailRequest): RenderedMail {
  const w = CATALOGUES[mail.locale][mail.kind]
  const values: Record<string, string> = {
    ...mail.data,
    to: mail.to,
    name: mail.data['name'] || mail.to,
    expires: formatTime(mail.data['expiresAt']),
    when: formatTime(mail.data['at']),
  }
  const link = mail.data['link'] ?? ''
  const lines = w.lines.filter((l) => !l.includes('{code}') || values['code'])
  const plain = (t: string) => fill(t, values, (s) => s)
  const html = (t: string) => fill(t, values, escapeHtml)
  const subject = plain(w.subject).replace(/[\r\n]+/g, ' ')
  const text = [plain(w.greeting), '', ...lines.map(plain).flatMap((l, i) => (i === 0 ? [l, '', link] : ['', l])), '', plain(w.ignore), '', '-- DocPal'].join('\n')
  const htmlBody = [
    `<!doctype html><html lang="${mail.locale}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>`,
    '<body style="font-family:system-ui,-apple-system,sans-serif;line-height:1.5;color:#1f2329;max-width:560px;margin:0 auto;padding:24px">',
    `<p>${html(w.greeting)}</p>`,
    ...lines.map((l, i) =>
      i === 0
        ? `<p>${html(l)}</p><p><a href="${escapeHtml(link)}" style="display:inline-block;background:#409eff;color:#fff;padding:10px 18px;border-radius:4px;text-decoration:none">${escapeHtml(w.action)}</a></p><p style="font-size:13px;color:#606266;word-break:break-all">${escapeHtml(link)}</p>`
        : `<p>${html(l)}</p>`,
    ),
    `<p style="font-size:13px;color:#606266">${html(w.ignore)}</p>`,
    '<p style="font-size:13px;color:#909399">DocPal</p></body></html>',
  ].join('\n')
  return { subject, text, html: htmlBody }
}
