import { sql } from 'drizzle-orm'
import { expect } from 'vitest'
import type { Api, TestServer } from './test-server.ts'

/** A new account made a member of the owner's company, and calls as them in that company. */
export async function memberOfOwnersCompany(t: TestServer, name: string): Promise<{ userId: string; api: Api }> {
  const companyId = (await t.api('GET', '/api/auth/me')).body.currentCompanyId as string
  const user = await t.signUp({ name })
  await t.db.db.query(sql`insert into company_members (company_id, user_id, role) values (${companyId}::uuid, ${user.userId}::uuid, 'member')`)
  return { userId: user.userId, api: (method, path, body, headers) => t.as(user)(method, path, body, { 'x-docpal-company': companyId, ...headers }) }
}

/**
 * An app with a Deals table (Name, Amount, Secret) whose members read only deals under 1,000, and
 * never their Secret: what the workflow tests check a task's people against (issues 17 and 18).
 */
export async function dealsWithMemberRules(t: TestServer): Promise<{ appId: string; tableId: string }> {
  const appId = (await t.api('POST', '/api/apps', { name: 'Deals' })).body.id as string
  const table = await t.api('POST', `/api/apps/${appId}/tables`, {
    name: 'Deals',
    columns: [
      { name: 'Name', type: 'text' },
      { name: 'Amount', type: 'number' },
      { name: 'Secret', type: 'text' },
    ],
  })
  expect(table.status, table.text).toBe(201)
  const tableId = table.body.id as string
  const rules = await t.api('PUT', `/api/tables/${tableId}/permissions`, {
    rules: [{ role: 'member', actions: ['view'], readFilter: { and: [{ field: 'Amount', op: 'lt', value: 1000 }] }, hiddenFields: ['Secret'] }],
  })
  expect(rules.status, rules.text).toBe(200)
  return { appId, tableId }
}
