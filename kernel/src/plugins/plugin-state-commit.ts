import { arrayLiteral, sql } from '@docpal/plugin-sdk'
import type { Database, Executor } from '../db/executor.ts'
import { codes } from '../errors/codes.ts'
import { isLockTimeout, lockWriteKeys } from '../db/advisory-locks.ts'
import { bumpPluginGeneration, lockPluginChanges } from './plugin-generation.ts'

/**
 * A plugin enabled or disabled, committed as one change in the order every server process agrees
 * on (issue 19): under the plugins key EXCLUSIVE, `check` runs first (a disable's in-use check,
 * which then sees every column that schema changes holding the key SHARED committed), the tables
 * with columns of its field types get a new version (their record writes in flight finish first;
 * a write another process compiled before the change is refused by the write guard and runs
 * again with the plugin as it is now), the state is saved and the generation bumped. Answers the
 * new generation.
 */
export async function commitPluginState(db: Database, id: string, enabled: boolean, fieldTypes: ReadonlyArray<string>, check?: (tx: Executor) => Promise<void>): Promise<number> {
  return db.transaction(async (tx) => {
    await lockPluginChanges(tx, id)
    if (check) await check(tx)
    if (fieldTypes.length) await bumpTablesUsing(tx, id, fieldTypes)
    await tx.query(sql`insert into plugin_state (id, enabled) values (${id}, ${enabled}) on conflict (id) do update set enabled = excluded.enabled, updated_at = now()`)
    return bumpPluginGeneration(tx)
  })
}

/** New versions for the tables with live columns of these types, once their writes in flight are done. */
async function bumpTablesUsing(tx: Executor, pluginId: string, types: ReadonlyArray<string>): Promise<void> {
  const rows = await tx.query<{ id: string }>(
    sql`select distinct data_table_id as id from data_table_columns where type = any(${arrayLiteral([...types])}::text[]) and archived_at is null order by 1`,
  )
  if (!rows.length) return
  const ids = rows.map((r) => r.id)
  try {
    await lockWriteKeys(tx, ids)
  } catch (err) {
    if (isLockTimeout(err)) throw codes.KRN_ERR_PLUGIN_BUSY(`Changing plugin '${pluginId}'`)
    throw err
  }
  await tx.query(sql`update data_tables set version = version + 1 where id = any(${arrayLiteral(ids)}::uuid[])`)
}
