import { sql } from '@docpal/plugin-sdk'
import type { KernelContext } from '../context.ts'
import { settleTask } from './task-settle.ts'

/** Open tasks past their due time are settled as `timeout` (the waiting step takes that branch). */
export async function expireTasks(k: KernelContext): Promise<number> {
  const due = await k.db.query<{ id: string }>(sql`select id from workflow_tasks where status = 'open' and due_at <= now() order by due_at limit 100`)
  for (const t of due) await k.db.transaction((tx) => settleTask(k, tx, t.id, { decision: 'timeout' }))
  return due.length
}
