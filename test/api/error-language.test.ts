import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { startTestServer, type TestServer } from '../support/test-server.ts'

/**
 * A refused request is answered in the language it asks for (Accept-Language, which the web app
 * sends with its chosen locale): zod's issues, the kernel's record refusals and catalogued codes
 * in Simplified Chinese; code, path and details' data the same as in English.
 */

vi.setConfig({ testTimeout: 60_000 })

let t: TestServer
let appId: string
let tableId: string
const ZH = { 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.8' }

beforeAll(async () => {
  t = await startTestServer()
  appId = (await t.api('POST', '/api/apps', { name: 'Languages' })).body.id
  const table = await t.api('POST', `/api/apps/${appId}/tables`, {
    name: 'Deals',
    columns: [
      { name: 'Title', type: 'text', required: true },
      { name: 'Amount', type: 'number' },
      { name: 'Price', type: 'number', config: { precision: 2 } },
      { name: 'Stage', type: 'single_select', config: { options: [{ id: 'won', label: 'Won' }] } },
    ],
  })
  expect(table.status).toBe(201)
  tableId = table.body.id
})
afterAll(() => t?.close())

describe('answers in the language of the request', () => {
  it("a request's shape: zod's issues in Chinese, the same code, path and issue paths as in English", async () => {
    const body = { name: 'x'.repeat(300) }
    const en = await t.api('POST', '/api/apps', body)
    const zh = await t.api('POST', '/api/apps', body, ZH)
    expect(en.status).toBe(400)
    expect(zh.status).toBe(400)
    expect(en.body.error.message).toBe('name: At most 255 characters.')
    expect(zh.body.error.message).toBe('name: 最多 255 个字符。')
    expect(zh.body.error.code).toBe(en.body.error.code)
    expect(zh.body.error.path).toEqual(en.body.error.path)
    expect(zh.body.error.details.issues.map((i: { path: unknown }) => i.path)).toEqual(en.body.error.details.issues.map((i: { path: unknown }) => i.path))
  })

  it("a record's values: every refusal listed, in Chinese", async () => {
    const r = await t.api('POST', `/api/tables/${tableId}/records`, { fields: { Colour: 'red', Amount: 'lots' } }, ZH)
    expect(r.status).toBe(400)
    expect(r.body.error.code).toBe('KRN_ERR_RECORD_INVALID')
    expect(r.body.error.message).toBe('未知的列“Colour”。')
    expect(r.body.error.details.fields.map((f: { path: unknown; message: string }) => [f.path, f.message])).toEqual([
      [['fields', 'Colour'], '未知的列“Colour”。'],
      [['fields', 'Amount'], 'fields.Amount: 应为数字，收到的是文本。'],
      [['fields', 'Title'], '列“Title”为必填。'],
    ])
    const en = await t.api('POST', `/api/tables/${tableId}/records`, { fields: { Colour: 'red', Amount: 'lots' } })
    expect(en.body.error.message).toBe("Unknown column 'Colour'.")
  })

  it("a field type's own refusals, from the Chinese its plugin gives", async () => {
    const r = await t.api('POST', `/api/tables/${tableId}/records`, { fields: { Title: 'x', Price: 1.234, Stage: 'Lost' } }, ZH)
    expect(r.status).toBe(400)
    expect(r.body.error.details.fields.map((f: { message: string }) => f.message)).toEqual([
      'fields.Price: 最多保留 2 位小数（该列的精度为 2）；请先四舍五入，或提高该列的精度',
      'fields.Stage: 不是可选项；请填写以下之一：Won（或选项 ID）',
    ])
    const en = await t.api('POST', `/api/tables/${tableId}/records`, { fields: { Title: 'x', Price: 1.234 } })
    expect(en.body.error.message).toBe("fields.Price: must be at most 2 decimal places (the column's precision is 2); round it first or raise the column's precision")
  })

  it('catalogued codes from the kernel and the host', async () => {
    const dup = await t.api('POST', `/api/apps/${appId}/tables`, { name: 'Deals', columns: [] }, ZH)
    expect(dup.status).toBe(409)
    expect(dup.body.error.message).toBe('此处已有名为“Deals”的表，请换一个名称。')
    const route = await t.api('GET', '/api/nothing-here', undefined, ZH)
    expect(route.status).toBe(404)
    expect(route.body.error.message).toBe('没有接口 GET /api/nothing-here；API 说明见 /api/docs。')
    const page = await t.api('GET', `/api/tables/${tableId}/records?limit=5000`, undefined, ZH)
    expect(page.status).toBe(400)
    expect(page.body.error.message).toMatch(/最多 1000/)
  })

  it("a sign-up in Chinese names the new account's own company in Chinese", async () => {
    const r = await fetch(`${t.url}/api/auth/signup`, {
      method: 'POST',
      headers: { ...ZH, 'content-type': 'application/json' },
      body: JSON.stringify({ name: '李雷', email: 'lilei@example.com', password: 'a long enough password' }),
    })
    expect(r.status).toBe(201)
    const cookie = r.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ')
    const me = await t.anon('GET', '/api/auth/me', undefined, { cookie })
    expect(me.body.companies.map((c: { name: string }) => c.name)).toEqual(['李雷的公司'])
  })

  it('English for other languages and without the header', async () => {
    for (const lang of ['fr-FR', 'en-US,zh;q=0.5', '']) {
      const r = await t.api('GET', '/api/nothing-here', undefined, lang ? { 'accept-language': lang } : {})
      expect(r.body.error.message, lang).toBe('No endpoint GET /api/nothing-here; see /api/docs for the API.')
    }
  })
})
