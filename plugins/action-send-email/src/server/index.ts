import { StepError, coreServices, defineAction, defineServerPlugin, z, type MailApi } from '@docpal/plugin-sdk'
import { actionSendEmailPlugin } from '../manifest.ts'
import { fillHtml, textAsHtml } from './html-template.ts'
import { resolveRecipients } from './recipients.ts'

let mail: MailApi | undefined

export const sendEmail = defineAction({
  type: 'send-email',
  label: 'Send email',
  description: 'Mails addresses or users (one mail each) with record data; sent once per step of a run, however often it is retried.',
  translations: {
    'zh-CN': {
      label: '发送邮件',
      description: '给地址或用户发送带记录数据的邮件（每人一封）；无论重试多少次，每个运行的每个步骤只发送一次。',
      fields: { to: '收件人', subject: '主题', text: '正文（纯文本）', html: '正文（HTML）' },
      help: {
        to: '邮箱地址、用户 id 或变量，如 ["{{trigger.record.Owner}}", "sales@example.com"]',
        text: '纯文本正文；会填入 {{变量}}',
        html: 'HTML 正文；值写作 {% trigger.record.Name %}（会转义）',
      },
      errors: {
        notSetUp: '插件 action-send-email 尚未就绪',
        notMember: '用户“{user}”不是本公司成员，或没有邮箱地址',
        notRecipient: '“{value}”既不是邮箱地址，也不是用户 id',
        noRecipient: '邮件没有收件人（“收件人”中的变量为空）',
        tooMany: '一个步骤最多发给 {max} 位收件人；这里有 {count} 位',
      },
    },
  },
  config: z
    .object({
      to: z
        .union([z.string().min(1).max(2000), z.array(z.unknown()).min(1).max(50)])
        .describe('Addresses, user ids or variables, e.g. ["{{trigger.record.Owner}}", "sales@example.com"]'),
      subject: z.string().min(1).max(500),
      text: z.string().max(100_000).describe('Plain-text body; {{variables}} are filled in'),
      html: z
        .string()
        .max(200_000)
        .refine((h) => !h.includes('{{'), { error: 'In html, write values as {% trigger.record.Name %}: they are HTML-escaped, {{...}} would not be.' })
        .optional()
        .describe('HTML body; values as {% trigger.record.Name %} (escaped)'),
    })
    .strict(),
  outputs: [
    { name: 'recipients', type: 'list' },
    { name: 'sent', type: 'number' },
  ],
  idempotent: true,
  retry: { attempts: 3, backoffMs: 2000, maxBackoffMs: 60_000 },
  async run(c, ctx) {
    if (!mail) throw new StepError('notSetUp', 'plugin action-send-email is not set up')
    const recipients = await resolveRecipients(c.to, mail, ctx.companyId)
    const html = c.html !== undefined ? fillHtml(c.html, ctx.input) : textAsHtml(c.text)
    let sent = 0
    // One mail per recipient (no one sees the others' addresses), each with its own key: a retry
    // after a partial failure mails only those not mailed yet.
    for (const to of recipients) {
      if (ctx.signal.aborted) throw new Error('cancelled')
      const key = ctx.run ? `${ctx.run.idempotencyKey}:${to}` : undefined
      const r = await mail.send({ to, subject: c.subject, text: c.text, html, companyId: ctx.companyId }, key !== undefined ? { idempotencyKey: key } : {})
      if (r.sent) sent++
    }
    return { output: { recipients, sent } }
  },
})

export default defineServerPlugin(actionSendEmailPlugin, {
  actions: [sendEmail],
  deps: { mail: coreServices.mail },
  setup(_ctx, deps) {
    mail = deps.mail
  },
})
