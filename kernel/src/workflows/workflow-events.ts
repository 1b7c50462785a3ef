import { sql } from '@docpal/plugin-sdk'
import type { KernelContext } from '../context.ts'
import { codes } from '../errors/codes.ts'
import { settleStep } from './wait-settle.ts'

const MAX_NAME = 200
const MAX_DATA = 64 * 1024
/** Waits resumed by one event: enough for any real fan-in, bounded so one call cannot hold the database. */
const MAX_RESUMED = 1000

/**
 * Sends event `name` to the company's steps waiting for it (action-wait-for-event): those with the
 * same key, or with no key, complete with `{name, key, data, by}` and branch `received`, and their
 * runs go on. All in one transaction; answers how many it resumed (0 is not an error: an event
 * nobody waits for is dropped, as n8n and Temporal signals to nobody are).
 */
export async function emitEvent(
  k: KernelContext,
  companyId: string,
  event: { readonly name: string; readonly key: string | null; readonly data: Readonly<Record<string, unknown>> },
  by: string,
): Promise<{ resumed: number }> {
  if (!event.name || event.name.length > MAX_NAME) throw codes.KRN_ERR_VALIDATION(`An event name is 1 to ${MAX_NAME} characters.`, { path: ['name'] })
  if (JSON.stringify(event.data).length > MAX_DATA) throw codes.KRN_ERR_VALIDATION(`An event's data is at most ${MAX_DATA / 1024} KiB of JSON.`, { path: ['data'] })
  return k.db.transaction(async (tx) => {
    const waits = await tx.query<{ run_id: string; path: string }>(
      sql`delete from workflow_event_waits where (run_id, path) in (
            select run_id, path from workflow_event_waits where company_id = ${companyId} and name = ${event.name} and (key is null or key = ${event.key})
            order by created_at limit ${MAX_RESUMED} for update skip locked)
          returning run_id, path`,
    )
    let resumed = 0
    for (const w of waits) {
      if (await settleStep(tx, w.run_id, w.path, { name: event.name, key: event.key, data: event.data, by }, 'received')) resumed++
    }
    return { resumed }
  })
}
