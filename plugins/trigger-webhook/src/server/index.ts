import { createHmac, timingSafeEqual } from 'node:crypto'
import { defineServerPlugin, defineTrigger, z } from '@docpal/plugin-sdk'
import { triggerWebhookPlugin } from '../manifest.ts'
import { BodyShape, bodyProblem } from './body-shape.ts'

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

const HeaderName = z
  .string()
  .regex(/^[A-Za-z0-9-]{1,100}$/)
  .transform((h) => h.toLowerCase())

/**
 * Starts a run when the workflow's secret URL is called: `POST /api/hooks/workflows/<workflow
 * id>/<secret>` with a JSON body, which becomes `trigger.body` (and the headers it names,
 * `trigger.headers`). With a signing secret, the call must carry `sha256=<hex HMAC-SHA256 of the
 * raw body>` in the signature header (GitHub's scheme).
 */
export const webhook = defineTrigger({
  type: 'webhook',
  label: 'Incoming webhook',
  description: "Starts when the workflow's secret URL is called (POST /api/hooks/workflows/<id>/<secret>).",
  translations: {
    'zh-CN': {
      label: '传入 Webhook',
      description: '调用工作流的秘密 URL 时启动（POST /api/hooks/workflows/<id>/<secret>）。',
      fields: {
        secret: '密钥',
        signingSecret: '签名密钥',
        signatureHeader: '签名请求头',
        body: '请求体',
        required: '必填字段',
        properties: '字段',
        additional: '允许其他字段',
        headers: '请求头',
      },
      help: { secret: '钩子 URL 的最后一段', signingSecret: '设置后，调用必须签名：原始请求体的 HMAC-SHA256，十六进制', headers: '作为 trigger.headers 传递的请求头' },
    },
  },
  config: z
    .object({
      secret: z
        .string()
        .regex(/^[A-Za-z0-9_-]{24,128}$/, 'The URL secret is 24 to 128 letters, digits, - and _ (generate it at random).')
        .describe('The last part of the hook URL'),
      signingSecret: z.string().min(16).max(500).optional().describe('When set, calls must be signed: HMAC-SHA256 of the raw body, hex'),
      signatureHeader: HeaderName.default('x-docpal-signature'),
      body: BodyShape.optional(),
      headers: z.array(HeaderName).max(20).default([]).describe('Request headers passed on as trigger.headers'),
    })
    .strict(),
  events: [],
  matches: () => false,
  webhook(c, call) {
    if (!sameText(call.secret, c.secret)) return { accept: false, reason: 'secret', message: 'wrong secret' }
    if (c.signingSecret !== undefined) {
      const given = call.headers[c.signatureHeader]
      if (!given) return { accept: false, reason: 'signature', message: `the '${c.signatureHeader}' header (sha256=<hex HMAC-SHA256 of the body>) is missing.` }
      const want = `sha256=${createHmac('sha256', c.signingSecret).update(call.rawBody).digest('hex')}`
      if (!sameText(given.startsWith('sha256=') ? given.toLowerCase() : `sha256=${given.toLowerCase()}`, want)) {
        return {
          accept: false,
          reason: 'signature',
          message: `the '${c.signatureHeader}' header does not match the body (expected sha256=<hex HMAC-SHA256 of the raw body with the signing secret>).`,
        }
      }
    }
    const body = call.body ?? null
    if (c.body) {
      const problem = bodyProblem(body, c.body)
      if (problem) return { accept: false, reason: 'body', message: problem.message, path: problem.path }
    }
    const headers = Object.fromEntries(['content-type', ...c.headers].flatMap((h) => (call.headers[h] !== undefined ? [[h, call.headers[h]]] : [])))
    return { accept: true, trigger: { body, headers, receivedAt: new Date().toISOString() } }
  },
})

export default defineServerPlugin(triggerWebhookPlugin, { triggers: [webhook] })
