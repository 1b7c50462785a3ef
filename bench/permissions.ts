import postgres from 'postgres'
import { signIn } from '../test/support/sessions.ts'
import { TEN_COLUMNS, api, cpuMs, createBenchDatabase, medianTime, report, startServerProcess, vacuumAnalyze } from './lib.ts'
import { benchSeed } from './seed.ts'

/**
 * Issue 17's figures: what permission rules cost a member's reads and writes. A page of 50 (sorted
 * by a date a view indexes) with a row rule (`createdBy = me OR Status in (todo)`) and two hidden
 * columns, for a member vs the same page for an admin (whom no rule binds), with and without the
 * exact count, each beside the same SQL through postgres.js; and single-record creates and reads
 * by id, member vs admin (median latency, and the server's CPU time per request, which the other
 * load of a shared machine inflates least). `DOCPAL_BENCH_PERM_1M=1` adds the 1M-row size.
 */
interface Person {
  readonly userId: string
  readonly headers: Record<string, string>
}

async function person(url: string, companyId: string, name: string, role: 'admin' | 'member'): Promise<Person> {
  const email = `${name.toLowerCase()}@bench.example.com`
  const password = 'bench password'
  const inv = await api<{ inviteCode: string }>(url, 'POST', `/api/companies/${companyId}/invitations`, { email, role })
  const accepted = await fetch(`${url}/api/invitations/accept`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code: inv.inviteCode, name, password }),
  })
  if (accepted.status !== 200) throw new Error(`accept ${name}: ${accepted.status} ${await accepted.text()}`)
  const s = await signIn(url, { signup: false, email, password })
  const made = await fetch(`${url}/api/auth/tokens`, { method: 'POST', headers: { ...s.headers, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'bench' }) })
  if (made.status !== 201) throw new Error(`token of ${name}: ${made.status} ${await made.text()}`)
  return { userId: s.userId, headers: { authorization: `Bearer ${((await made.json()) as { token: string }).token}` } }
}

async function call(url: string, who: Person, method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(url + path, {
    method,
    headers: { ...who.headers, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  })
  const text = await res.text()
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 300)}`)
  return text ? JSON.parse(text) : undefined
}

/** The member's row rule as an ad-hoc filter, for another caller. */
const asFilter = (userId: string) =>
  encodeURIComponent(
    JSON.stringify({
      or: [
        { field: 'createdBy', op: 'eq', value: userId },
        { field: 'Status', op: 'in', value: ['todo'] },
      ],
    }),
  )

const ratio = (a: number, b: number) => `${a.toFixed(1)} ms (${(a / b).toFixed(2)}x)`

export async function benchPermissions({ sizes = process.env['DOCPAL_BENCH_PERM_1M'] ? [100_000, 1_000_000] : [100_000], runs = 30, singles = 300 } = {}): Promise<
  Record<string, number>
> {
  const db = await createBenchDatabase()
  const server = await startServerProcess(db.url, 18117)
  const raw = postgres(db.url, { max: 2, onnotice: () => {} })
  const out: Record<string, number> = {}
  try {
    const me = await api<{ currentCompanyId: string }>(server.url, 'GET', '/api/auth/me')
    const admin = await person(server.url, me.currentCompanyId, 'Ada', 'admin')
    const member = await person(server.url, me.currentCompanyId, 'Mia', 'member')
    const app = await api<{ id: string }>(server.url, 'POST', '/api/apps', { name: 'Bench' })
    const table = await api<{ id: string; tableName: string }>(server.url, 'POST', `/api/apps/${app.id}/tables`, { name: 'Deals', columns: TEN_COLUMNS })
    await api(server.url, 'POST', `/api/apps/${app.id}/views`, {
      name: 'By due',
      dataTableId: table.id,
      type: 'table',
      queryConfig: { sort: [{ field: 'Due', direction: 'desc' }] },
    })
    await api(server.url, 'PUT', `/api/tables/${table.id}/permissions`, {
      rules: [
        {
          role: 'member',
          actions: ['view', 'create', 'edit', 'delete'],
          readFilter: {
            or: [
              { field: 'createdBy', op: 'is_current_user' },
              { field: 'Status', op: 'in', value: ['todo'] },
            ],
          },
          hiddenFields: ['Notes', 'Email'],
        },
      ],
    })
    const phys = Object.fromEntries(
      ((await raw`select name, column_name from data_table_columns where data_table_id = ${table.id}`) as Array<{ name: string; column_name: string }>).map((r) => [
        r.name,
        r.column_name,
      ]),
    )
    const byDue = encodeURIComponent(JSON.stringify([{ field: 'Due', direction: 'desc' }]))
    const page = (who: Person, count: boolean) => () => call(server.url, who, 'GET', `/api/tables/${table.id}/records?sort=${byDue}&limit=50${count ? '&count=true' : ''}`)
    // The member's rule as a hand-written WHERE; the admin's page has none.
    const rule = `(created_by = $1 or ${phys['Status']} = any($2))`
    const rawPage = (where: string, params: unknown[]) => () =>
      raw.unsafe(`select * from ${table.tableName} ${where} order by ${phys['Due']} desc, id desc limit 50`, params as never[], { prepare: true })
    const rawCount = (where: string, params: unknown[]) => () => raw.unsafe(`select count(*) from ${table.tableName} ${where}`, params as never[], { prepare: true })
    const params = [member.userId, ['todo']]
    let loaded = 0
    for (const size of sizes) {
      await benchSeed(raw, table, loaded, size)
      // A tenth of the rows are the member's own (the rest: the owner's import), as a shared table's would be.
      await raw.unsafe(`update ${table.tableName} set created_by = $1 where created_by is null and (hashtext(id::text) % 10) = 0`, [member.userId])
      await vacuumAnalyze(raw, table.tableName)
      loaded = size
      const label = size.toLocaleString('en')
      // How PostgreSQL counts the rule's rows (a bitmap over the indexes rules make, or a scan of every row).
      const plan = (await raw.unsafe(`explain (costs off) select count(*) from ${table.tableName} where ${rule}`, params as never[])) as Array<{ 'QUERY PLAN': string }>
      const scan = plan.map((p) => p['QUERY PLAN'].trim().replace(/^->\s*/, '')).find((l) => /Scan/.test(l)) ?? '?'
      const m = { page: await medianTime(page(member, false), runs), counted: await medianTime(page(member, true), runs) }
      const a = { page: await medianTime(page(admin, false), runs), counted: await medianTime(page(admin, true), runs) }
      // The admin asking for the same rows with an ad-hoc filter: what the rule's condition costs as data, so the
      // difference to the member's page is what enforcing it costs.
      const same = (count: boolean) => () =>
        call(server.url, admin, 'GET', `/api/tables/${table.id}/records?sort=${byDue}&limit=50&filter=${asFilter(member.userId)}${count ? '&count=true' : ''}`)
      const af = { page: await medianTime(same(false), runs), counted: await medianTime(same(true), runs) }
      const rm = {
        page: await medianTime(rawPage(`where ${rule}`, params), runs),
        counted: await medianTime(() => Promise.all([rawPage(`where ${rule}`, params)(), rawCount(`where ${rule}`, params)()]), runs),
      }
      const ra = { page: await medianTime(rawPage('', []), runs), counted: await medianTime(() => Promise.all([rawPage('', [])(), rawCount('', [])()]), runs) }
      report(`page of 50 by Due, member (row rule + 2 hidden), ${label} rows`, ratio(m.page, rm.page), `${rm.page.toFixed(1)} ms`, `admin: ${a.page.toFixed(1)} ms`)
      report(`same, exact count, member, ${label} rows`, ratio(m.counted, rm.counted), `${rm.counted.toFixed(1)} ms`, `admin: ${a.counted.toFixed(1)} ms`)
      report(`page of 50, admin filtering the rule's rows, ${label} rows`, ratio(af.page, rm.page), `${rm.page.toFixed(1)} ms`, `member/this: ${(m.page / af.page).toFixed(2)}x`)
      report(
        `same, exact count (count: ${scan}), ${label} rows`,
        ratio(af.counted, rm.counted),
        `${rm.counted.toFixed(1)} ms`,
        `member/this: ${(m.counted / af.counted).toFixed(2)}x`,
      )
      report(`page of 50 by Due, admin (no rule), ${label} rows`, ratio(a.page, ra.page), `${ra.page.toFixed(1)} ms`, '-')
      report(`same, exact count, admin, ${label} rows`, ratio(a.counted, ra.counted), `${ra.counted.toFixed(1)} ms`, '-')
      Object.assign(out, {
        [`memberPage_${size}`]: m.page,
        [`memberCounted_${size}`]: m.counted,
        [`adminPage_${size}`]: a.page,
        [`adminCounted_${size}`]: a.counted,
        [`adminFilteredPage_${size}`]: af.page,
        [`adminFilteredCounted_${size}`]: af.counted,
        [`rawMemberPage_${size}`]: rm.page,
        [`rawMemberCounted_${size}`]: rm.counted,
        [`rawAdminPage_${size}`]: ra.page,
        [`rawAdminCounted_${size}`]: ra.counted,
      })
    }
    Object.assign(out, await singleRecords(server.url, server.child.pid!, table, member, admin, { userId: '', headers: { ...server.owner.headers } }, raw, singles))
    return out
  } finally {
    await raw.end()
    await server.stop()
    await db.drop()
  }
}

/** Single creates and reads by id, sequential, member and admin alternating by round: median ms and server CPU µs per request. */
async function singleRecords(
  url: string,
  pid: number,
  table: { id: string; tableName: string },
  member: Person,
  admin: Person,
  owner: Person,
  raw: postgres.Sql,
  n: number,
): Promise<Record<string, number>> {
  // Rows the member may read (their own or to do): everyone reads the same ones.
  const ids = ((await raw.unsafe(`select id from ${table.tableName} where created_by = $1 limit 500`, [member.userId])) as Array<{ id: string }>).map((r) => r.id)
  const fields = { Title: 'bench deal', Amount: 12.5, Quantity: 3, Due: '2026-12-04', Status: 'todo', Active: true }
  const out: Record<string, number> = {}
  const samples: Record<string, { ms: number[]; cpu: number[] }> = {}
  const people: Array<[string, Person]> = [
    ['member', member],
    ['admin', admin],
    ['owner', owner],
  ]
  for (let round = 0; round < 3; round++)
    // The order flips each round, so no one always runs on a cache another warmed.
    for (const [name, who] of round % 2 === 0 ? people : [...people].reverse()) {
      let i = 0
      for (const [kind, fn] of [
        ['Create', () => call(url, who, 'POST', `/api/tables/${table.id}/records`, { fields })],
        ['Read', () => call(url, who, 'GET', `/api/tables/${table.id}/records/${ids[i++ % ids.length]}`)],
      ] as const) {
        const c0 = await cpuMs([pid])
        const ms = await medianTime(fn, Math.ceil(n / 3), 10)
        const cpu = ((await cpuMs([pid])) - c0) / (Math.ceil(n / 3) + 10)
        const s = (samples[`${name}${kind}`] ??= { ms: [], cpu: [] })
        s.ms.push(ms)
        s.cpu.push(cpu)
      }
    }
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
  for (const [key, s] of Object.entries(samples)) {
    out[`${key}Ms`] = med(s.ms)
    out[`${key}CpuUs`] = med(s.cpu) * 1000
  }
  for (const kind of ['Create', 'Read']) {
    const m = out[`member${kind}Ms`]!
    const a = out[`admin${kind}Ms`]!
    console.log(
      `${`single ${kind.toLowerCase()} (median, sequential)`.padEnd(58)} member with a rule: ${ratio(m, a).padEnd(20)} admin: ${a.toFixed(2)} ms, owner: ${out[`owner${kind}Ms`]!.toFixed(2)} ms   server CPU/request member/admin/owner: ${out[`member${kind}CpuUs`]!.toFixed(0)} / ${out[`admin${kind}CpuUs`]!.toFixed(0)} / ${out[`owner${kind}CpuUs`]!.toFixed(0)} µs`,
    )
  }
  return out
}

if (import.meta.url === `file://${process.argv[1]}`) await benchPermissions()
