import { arrayLiteral, sql } from '@docpal/plugin-sdk'
import type { Executor } from '../db/executor.ts'

/**
 * People's credentials versions as committed now (migration 20261214010000: bumped by every change
 * to their sessions, tokens, memberships or admin flag), in one statement. A person who is gone
 * has no entry.
 */
export async function credentialVersions(ex: Executor, userIds: ReadonlyArray<string>): Promise<Map<string, number>> {
  const rows = await ex.query<{ id: string; n: string | number }>(sql`select id::text as id, credentials_changed as n from users where id = any(${arrayLiteral(userIds)}::uuid[])`)
  return new Map(rows.map((r) => [r.id, Number(r.n)]))
}
