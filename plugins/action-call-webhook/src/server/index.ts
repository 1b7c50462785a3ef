import { randomUUID } from 'node:crypto'
import { StepError, defineAction, defineServerPlugin, defineSettings, z } from '@docpal/plugin-sdk'
import { actionCallWebhookPlugin } from '../manifest.ts'
import { hostAllowed } from './allowed-hosts.ts'
import { readBounded } from './read-bounded.ts'

/** Instance admins decide where workflows may send requests: nowhere until they list a host. */
export const CallWebhookSettings = defineSettings(
  z.object({
    allowedHosts: z.array(z.string().min(1).max(253)).max(200).default([]).describe('Hosts requests may go to: api.example.com, api.example.com:8443, *.example.com'),
    maxResponseBytes: z
      .number()
      .int()
      .min(1024)
      .max(10 * 1024 * 1024)
      .default(1024 * 1024),
  }),
)
type Settings = z.output<typeof CallWebhookSettings>

let settings: () => Settings = () => CallWebhookSettings.parse({})

/** `a.b.0.c` in a JSON value (own keys only). */
function at(value: unknown, path: string): unknown {
  let v = value
  for (const key of path.split('.')) {
    if (v === null || typeof v !== 'object' || !Object.hasOwn(v, key)) return null
    v = (v as Record<string, unknown>)[key]
  }
  return v ?? null
}

const Header = z.string().regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}$/, 'A header name is letters, digits and -_.')

export const callWebhook = defineAction({
  type: 'call-webhook',
  label: 'Call webhook',
  description: "Sends an HTTP request to a host the admin allows; the JSON answer's values become variables.",
  translations: {
    'zh-CN': {
      label: '调用 Webhook',
      description: '向管理员允许的主机发送 HTTP 请求；返回的 JSON 值成为变量。',
      fields: { method: '请求方法', url: '网址', headers: '请求头', body: '请求体', outputs: '输出映射', timeoutSeconds: '超时（秒）' },
      help: { body: '作为请求体发送的 JSON（填入变量）；字符串按文本发送', outputs: '变量名 -> JSON 响应中的路径，如 data.id' },
      errors: {
        notUrl: '“{url}”不是网址',
        hostNotAllowed: '不允许访问主机“{host}”：实例管理员可在插件 action-call-webhook 的设置（allowedHosts）中列出工作流可调用的主机',
        answered: '{request} 返回了 {status}：{body}',
        tooLarge: '响应有 {length} 字节；最多读取 {max} 字节（插件设置 maxResponseBytes）',
        largerThan: '响应超过 {max} 字节；最多读取 {max} 字节（插件设置 maxResponseBytes）',
      },
    },
  },
  config: z
    .object({
      method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']).default('POST'),
      url: z.string().min(1).max(2000),
      headers: z.record(Header, z.string().max(4000)).default({}),
      body: z.unknown().optional().describe('JSON sent as the body (variables filled in); a string is sent as text'),
      outputs: z
        .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,59}$/), z.string().min(1).max(500))
        .default({})
        .describe('Variable name -> path in the JSON answer, e.g. data.id'),
      timeoutSeconds: z.number().min(1).max(25).default(10),
    })
    .strict(),
  outputs: [
    { name: 'status', type: 'number' },
    { name: 'body', type: 'object' },
  ],
  // The receiver gets the same Idempotency-Key on every attempt, so retries are safe where it honours it.
  idempotent: true,
  retry: { attempts: 3, backoffMs: 1000, maxBackoffMs: 30_000 },
  timeoutMs: 30_000,
  async run(c, ctx) {
    let url: URL
    try {
      url = new URL(c.url)
    } catch (err) {
      throw new StepError('notUrl', "'{url}' is not a URL", { url: c.url }, { cause: err })
    }
    const s = settings()
    if (!hostAllowed(url, s.allowedHosts)) {
      throw new StepError(
        'hostNotAllowed',
        "host '{host}' is not allowed: an instance admin lists the hosts workflows may call in the settings of plugin 'action-call-webhook' (allowedHosts)",
        { host: url.host },
      )
    }
    const headers = new Headers(c.headers)
    headers.set('idempotency-key', ctx.run?.idempotencyKey ?? randomUUID())
    let body: string | undefined
    if (c.body !== undefined && c.method !== 'GET') {
      body = typeof c.body === 'string' ? c.body : JSON.stringify(c.body)
      if (!headers.has('content-type')) headers.set('content-type', typeof c.body === 'string' ? 'text/plain; charset=utf-8' : 'application/json')
    }
    const signal = AbortSignal.any([ctx.signal, AbortSignal.timeout(c.timeoutSeconds * 1000)])
    // Redirects are not followed: one could lead to a host the admin did not allow.
    const res = await fetch(url, { method: c.method, headers, ...(body !== undefined ? { body } : {}), redirect: 'manual', signal })
    const text = await readBounded(res, s.maxResponseBytes)
    if (res.status >= 300)
      throw new StepError('answered', '{request} answered {status}: {body}', { request: `${c.method} ${url.origin}${url.pathname}`, status: res.status, body: text.slice(0, 300) })
    let json: unknown = null
    if (text.trim() !== '') {
      try {
        json = JSON.parse(text)
      } catch {
        // Not JSON: the text itself is the body, and mapped outputs stay empty.
        json = text
      }
    }
    return { output: { status: res.status, body: json, ...Object.fromEntries(Object.entries(c.outputs).map(([name, path]) => [name, at(json, path)])) } }
  },
})

export default defineServerPlugin(actionCallWebhookPlugin, {
  actions: [callWebhook],
  settings: CallWebhookSettings,
  settingsScope: 'instance',
  setup(ctx) {
    settings = () => ctx.settings()
  },
})
