import { sql } from '@docpal/plugin-sdk'
import type { KernelContext } from '../context.ts'
import type { Executor } from '../db/executor.ts'
import { isNotFound } from './not-found.ts'
import { attachOutboxTriggers, detachOutboxTriggers } from '../ddl/outbox-triggers.ts'

/** Which tables carry the outbox triggers: those an enabled workflow watches, and no others. */
export class OutboxTriggers {
  constructor(private readonly k: KernelContext) {}

  async attach(ex: Executor, companyId: string, tableId: string): Promise<void> {
    const rt = await this.k.tables.get(companyId, tableId, ex)
    await attachOutboxTriggers(ex, rt.physical)
  }

  /** Drops them from the table when no enabled workflow watches it any more. */
  async detachUnused(companyId: string, tableId: string): Promise<void> {
    await this.k.db.transaction(async (tx) => {
      const used = await tx.one(sql`select 1 from workflows where watched_table_id = ${tableId} and enabled limit 1`)
      if (used) return
      const rt = await this.k.tables.get(companyId, tableId, tx).catch((err: unknown) => {
        if (isNotFound(err)) return undefined
        throw err
      })
      // A table deleted meanwhile took its triggers with it.
      if (rt) await detachOutboxTriggers(tx, rt.physical)
    })
  }
}
