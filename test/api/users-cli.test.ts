import { execFile } from 'node:child_process'
import { tmpdir } from 'node:os'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../support/test-server.ts'
import { signIn } from '../support/sessions.ts'

/** `docpal users create` (the SDK's bin) against a running server, as an operator would type it. */
const CLI = fileURLToPath(new URL('../../plugin-sdk/bin/docpal.js', import.meta.url))
const PASSWORD = 'a long enough password'

let t: TestServer
beforeAll(async () => {
  // Invitation-only sign-up: an instance admin can still make accounts from the command line.
  t = await startTestServer({ firstAccount: false, auth: { signup: 'invite' } })
})
afterAll(() => t?.close())

function docpal(args: string[], opts: { token?: string; stdin?: string } = {}): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [CLI, 'users', ...args, '--server', t.url],
      { cwd: tmpdir(), env: { ...process.env, DOCPAL_TOKEN: opts.token ?? '' } },
      (err, out, errOut) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, out, err: errOut }),
    )
    child.stdin?.end(opts.stdin ?? '')
  })
}

describe('docpal users create (CLI)', () => {
  let adminToken = ''

  it('makes the first account over sign-up, without a token: instance admin and owner of the first company', async () => {
    const r = await docpal(['create', '--email', 'first@example.com', '--name', 'First', '--password', PASSWORD])
    expect(r.err).toBe('')
    expect(r.code).toBe(0)
    expect(r.out).toMatch(/created first@example\.com .*first account, instance admin and owner of the first company/)
    const first = await signIn(t.url, { signup: false, email: 'first@example.com', password: PASSWORD })
    const me = (await t.as(first)('GET', '/api/auth/me')).body
    expect(me.user.isInstanceAdmin).toBe(true)
    expect(me.companies).toEqual([expect.objectContaining({ role: 'owner' })])
    adminToken = (await t.as(first)('POST', '/api/auth/tokens', { name: 'cli' })).body.token
  })

  it('needs an instance admin token once accounts exist, and says how to pass one', async () => {
    const r = await docpal(['create', '--email', 'second@example.com', '--name', 'Second', '--password', PASSWORD])
    expect(r.code).toBe(1)
    expect(r.err).toMatch(/--token or DOCPAL_TOKEN/)
  })

  it('with the token: makes a person (reading the password from standard input), and an instance admin with --admin', async () => {
    const plain = await docpal(['create', '--email', 'second@example.com', '--name', 'Second'], { token: adminToken, stdin: `${PASSWORD}\n` })
    expect(plain.err).toBe('')
    expect(plain.out).toMatch(/created second@example\.com \([0-9a-f-]{36}\), owner of a company of their own/)
    const second = await signIn(t.url, { signup: false, email: 'second@example.com', password: PASSWORD })
    const me = (await t.as(second)('GET', '/api/auth/me')).body
    expect(me.user).toMatchObject({ name: 'Second', isInstanceAdmin: false })
    expect(me.companies).toEqual([expect.objectContaining({ name: "Second's company", role: 'owner' })])

    const admin = await docpal(['create', '--email', 'third@example.com', '--name', 'Third', '--password', PASSWORD, '--admin'], { token: adminToken })
    expect(admin.out).toMatch(/, instance admin,/)
    const third = await signIn(t.url, { signup: false, email: 'third@example.com', password: PASSWORD })
    expect((await t.as(third)('GET', '/api/auth/me')).body.user.isInstanceAdmin).toBe(true)

    // A person who is no instance admin cannot make accounts, and a taken email is refused with its code.
    const notAdmin = (await t.as(second)('POST', '/api/auth/tokens', { name: 'cli' })).body.token as string
    const refused = await docpal(['create', '--email', 'fourth@example.com', '--name', 'Fourth', '--password', PASSWORD], { token: notAdmin })
    expect(refused.code).toBe(1)
    expect(refused.err).toMatch(/HST_ERR_FORBIDDEN: .*instance admins/)
    const taken = await docpal(['create', '--email', 'SECOND@example.com', '--name', 'Again', '--password', PASSWORD], { token: adminToken })
    expect(taken.err).toMatch(/KRN_ERR_ACCOUNT_EMAIL_TAKEN/)
  })

  it('refuses bad input with the field at fault, and missing arguments with the usage', async () => {
    const short = await docpal(['create', '--email', 'x@example.com', '--name', 'X', '--password', 'short'], { token: adminToken })
    expect(short.code).toBe(1)
    expect(short.err).toMatch(/KRN_ERR_VALIDATION|password/i)
    const missing = await docpal(['create', '--name', 'X', '--password', PASSWORD], { token: adminToken })
    expect(missing.err).toMatch(/Missing --email[\s\S]*Usage: docpal users create/)
    // The route itself: instance admins only.
    const anon = await t.anon('POST', '/api/admin/users', { email: 'y@example.com', name: 'Y', password: PASSWORD })
    expect(anon.status).toBe(401)
  })
})
