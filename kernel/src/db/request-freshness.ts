import { arrayLiteral, sql } from '@docpal/plugin-sdk'
import type { Executor } from './executor.ts'

/** What a request checks its process's caches against, read in one statement after it arrived. */
export interface RequestFreshness {
  /** `plugin_settings_generation` (migration 20261214020000). */
  readonly settings: number
  /** `permission_rules_generation` (migration 20261214030000). */
  readonly permissions: number
  /** `plugin_generation` (migration 20261213010000). */
  readonly plugins: number
  /** People's credentials versions (migration 20261214010000); a person who is gone has no entry. */
  readonly people: Map<string, number>
}

/** The plugin, plugin settings and permission rules generations and these people's credentials versions as committed now. */
export async function requestFreshness(ex: Executor, userIds: ReadonlyArray<string>): Promise<RequestFreshness> {
  const row = await ex.one<{ settings: string | number; permissions: string | number; plugins: string | number; people: Array<[string, string | number]> | null }>(
    sql`select (select n from plugin_settings_generation) as settings, (select n from permission_rules_generation) as permissions, (select n from plugin_generation) as plugins,
      (select json_agg(json_build_array(id::text, credentials_changed)) from users where id = any(${arrayLiteral(userIds)}::uuid[])) as people`,
  )
  return {
    settings: Number(row?.settings ?? 0),
    permissions: Number(row?.permissions ?? 0),
    plugins: Number(row?.plugins ?? 0),
    people: new Map((row?.people ?? []).map(([id, n]) => [id, Number(n)])),
  }
}
