import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'drizzle-orm'
import { createMailer, DEFAULT_MAIL, renderMail, type MailKind, type MailRequest } from '@docpal/host-server'
import { runHousekeeping } from '../../host-server/src/housekeeping.ts'
import { startTestServer, type TestServer } from '../support/test-server.ts'
import { firstLink, startSmtpSink, type SmtpSink } from '../support/smtp-sink.ts'

const EXPIRES = '2026-12-05T09:30:00.000Z'

/** Every kind of mail (the type makes a missing one a compile error). */
const KINDS_SET: Record<MailKind, true> = {
  'verify-email': true,
  'magic-link': true,
  'password-reset': true,
  invitation: true,
  'email-change': true,
  'signup-attempt': true,
  'email-changed': true,
}
const KINDS = Object.keys(KINDS_SET) as MailKind[]

function request(over: Partial<MailRequest> = {}): MailRequest {
  return { to: 'ada@example.com', kind: 'magic-link', locale: 'en', data: { link: 'http://localhost:8080/magic/abc', name: 'Ada', expiresAt: EXPIRES }, ...over }
}

describe('mail templates', () => {
  it('has a subject, a text and an HTML body with the link for every kind in both languages', () => {
    for (const kind of KINDS) {
      for (const locale of ['en', 'zh-CN'] as const) {
        // Mails with a link that expires name the expiry; notices name when it happened (`at`).
        const m = renderMail(
          request({
            kind,
            locale,
            data: { link: 'http://x.test/p/tok', name: 'Ada', expiresAt: EXPIRES, at: EXPIRES, companyName: 'Acme', inviterName: 'Bob', code: 'K7Q2', newEmail: 'new@example.com' },
          }),
        )
        expect(m.subject.length, `${kind} ${locale}`).toBeGreaterThan(5)
        expect(m.text).toContain('http://x.test/p/tok')
        expect(m.html).toContain('href="http://x.test/p/tok"')
        expect(m.text).toContain('2026-12-05 09:30 UTC')
        expect(m.html).toContain(`lang="${locale}"`)
      }
    }
    expect(renderMail(request({ locale: 'zh-CN' })).subject).toBe('您的 DocPal 登录链接')
    expect(renderMail(request({ kind: 'invitation', data: { link: 'l', companyName: 'Acme', inviterName: 'Bob', code: 'K7Q2' } })).text).toContain('K7Q2')
  })

  it('escapes what people typed in the HTML and keeps newlines out of the subject', () => {
    const m = renderMail(request({ kind: 'invitation', data: { link: 'http://x.test/i?a=1&b="2"', companyName: '<script>alert(1)</script>', inviterName: 'Eve\r\nBcc: x@y' } }))
    expect(m.html).not.toContain('<script>')
    expect(m.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(m.html).toContain('href="http://x.test/i?a=1&amp;b=&quot;2&quot;"')
    expect(m.subject).not.toMatch(/[\r\n]/)
  })
})

describe('mail over SMTP', () => {
  let t: TestServer
  let sink: SmtpSink
  beforeAll(async () => {
    sink = await startSmtpSink()
    t = await startTestServer({ mail: { smtp: { url: sink.url }, from: 'DocPal Test <docpal@example.com>', timeoutMs: 3000 } })
  })
  afterAll(async () => {
    await t.close()
    await sink.close()
  })

  it('delivers a rendered mail to a real SMTP server', async () => {
    const { mailer } = createMailer(t.server.kernel, { ...DEFAULT_MAIL, smtp: { url: sink.url }, from: 'DocPal Test <docpal@example.com>', timeoutMs: 3000 })
    try {
      await mailer.send(request({ locale: 'zh-CN' }))
      const got = await sink.next('ada@example.com')
      expect(got.subject).toBe('您的 DocPal 登录链接')
      expect(got.from).toContain('docpal@example.com')
      expect(firstLink(got)).toBe('http://localhost:8080/magic/abc')
      expect(got.html).toContain('href="http://localhost:8080/magic/abc"')
    } finally {
      mailer.close()
    }
  })

  it('surfaces a refusal to the caller with a coded error', async () => {
    sink.refuse('nobody@example.com')
    const { mailer } = createMailer(t.server.kernel, { ...DEFAULT_MAIL, smtp: { url: sink.url }, from: 'docpal@example.com', timeoutMs: 3000 })
    try {
      await expect(mailer.send(request({ to: 'nobody@example.com' }))).rejects.toMatchObject({ code: 'HST_ERR_MAIL_FAILED' })
    } finally {
      mailer.close()
    }
  })

  it('fails within the timeout when no SMTP server answers', async () => {
    const { mailer } = createMailer(t.server.kernel, {
      ...DEFAULT_MAIL,
      smtp: { host: '127.0.0.1', port: 1, secure: false, user: undefined, password: undefined },
      from: 'docpal@example.com',
      timeoutMs: 500,
    })
    const started = Date.now()
    try {
      await expect(mailer.send(request())).rejects.toMatchObject({ code: 'HST_ERR_MAIL_FAILED' })
    } finally {
      mailer.close()
    }
    expect(Date.now() - started).toBeLessThan(3000)
  })

  it('has no outbox: GET /api/dev/outbox answers 404 with a code', async () => {
    const res = await t.api('GET', '/api/dev/outbox')
    expect(res.status).toBe(404)
    expect(res.body.error.code).toBe('HST_ERR_OUTBOX_OFF')
    expect(res.body.error.message).toContain('smtp://127.0.0.1')
  })
})

describe('mail without SMTP: the development outbox', () => {
  let t: TestServer
  beforeAll(async () => {
    t = await startTestServer()
  })
  afterAll(() => t.close())

  it('keeps mails for instance admins, newest first, with their links', async () => {
    const { mailer } = createMailer(t.server.kernel, { ...DEFAULT_MAIL, smtp: undefined, from: 'docpal@example.com', timeoutMs: 1000 })
    await mailer.send(request({ to: 'first@example.com' }))
    await mailer.send(request({ to: 'second@example.com', kind: 'password-reset', data: { link: 'http://localhost/reset-password/xyz', name: 'B' } }))
    const res = await t.api('GET', '/api/dev/outbox')
    expect(res.status).toBe(200)
    const mails = res.body.mails as Array<{ to: string; kind: string; links: string[]; subject: string; html: string }>
    expect(mails.slice(0, 2).map((m) => m.to)).toEqual(['second@example.com', 'first@example.com'])
    expect(mails[0]).toMatchObject({ kind: 'password-reset', links: ['http://localhost/reset-password/xyz'], subject: 'Reset your DocPal password' })
    const only = await t.api('GET', '/api/dev/outbox?to=first%40example.com')
    expect(only.body.mails.map((m: { to: string }) => m.to)).toEqual(['first@example.com'])
    const page = await t.api('GET', `/api/dev/outbox?limit=1&before=${mails[0] ? (res.body.mails[0].id as string) : ''}`)
    expect(page.body.mails[0].to).toBe('first@example.com')
  })

  it('is for instance admins only', async () => {
    const other = await t.signUp()
    const res = await t.as(other)('GET', '/api/dev/outbox')
    expect(res.status).toBe(403)
    expect((await t.anon('GET', '/api/dev/outbox')).status).toBe(401)
  })
})

describe('the development outbox stays bounded', () => {
  let t: TestServer
  const retention = { keepDays: 3, keepMails: 4 }
  beforeAll(async () => {
    t = await startTestServer({ mail: { outbox: retention } })
  })
  afterAll(() => t.close())

  const count = async () => (await t.db.db.query<{ n: number }>(sql`select count(*)::int as n from mail_outbox`))[0]?.n

  it('keeps the newest DOCPAL_OUTBOX_KEEP_MAILS on each write', async () => {
    const { mailer } = createMailer(t.server.kernel, { ...DEFAULT_MAIL, outbox: retention })
    for (let i = 0; i < 7; i++) await mailer.send(request({ to: `bound${String(i)}@example.com` }))
    expect(await count()).toBe(4)
    const res = await t.api('GET', '/api/dev/outbox')
    expect(res.body.mails.map((m: { to: string }) => m.to)).toEqual(['bound6@example.com', 'bound5@example.com', 'bound4@example.com', 'bound3@example.com'])
  })

  it('drops mails older than DOCPAL_OUTBOX_KEEP_DAYS, on write and in housekeeping', async () => {
    // Two of the four are made older than the retention; housekeeping removes exactly them.
    await t.db.db.query(sql`update mail_outbox set created_at = now() - interval '4 days' where to_address in ('bound3@example.com', 'bound4@example.com')`)
    expect(await runHousekeeping(t.server.kernel, retention)).toMatchObject({ outboxMails: 2 })
    expect(await count()).toBe(2)
    await t.db.db.query(sql`update mail_outbox set created_at = now() - interval '4 days' where to_address = 'bound5@example.com'`)
    const { mailer } = createMailer(t.server.kernel, { ...DEFAULT_MAIL, outbox: retention })
    await mailer.send(request({ to: 'fresh@example.com' }))
    const left = await t.db.db.query<{ to: string }>(sql`select to_address as "to" from mail_outbox order by created_at desc`)
    expect(left.map((r) => r.to)).toEqual(['fresh@example.com', 'bound6@example.com'])
    expect(await runHousekeeping(t.server.kernel, retention)).toMatchObject({ outboxMails: 0 })
  })
})
