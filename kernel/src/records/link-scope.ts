import { arrayLiteral, sql, type ErrorPath } from '@docpal/plugin-sdk'
import type { Actor, KernelContext } from '../context.ts'
import type { Executor } from '../db/executor.ts'
import { codes } from '../errors/codes.ts'
import { rowRule } from '../query/compile.ts'
import type { BoundColumn } from '../schema/table-model.ts'
import { limits } from './row-rules.ts'
import { tableFor } from './write-support.ts'
import { bypasses } from '../permissions/permissions.ts'

/**
 * A caller links only records they can read (issue 17: "only linkable records the user can
 * read"): a linked id outside their read rule on the target table is refused exactly as an id
 * that does not exist, and a target table they may not view is a 403.
 */
export async function assertLinkable(k: KernelContext, actor: Actor, ex: Executor, b: BoundColumn, ids: ReadonlyArray<string>, path: ErrorPath): Promise<void> {
  if (!ids.length || actor.role === undefined || bypasses(actor.role)) return
  const targetId = b.fieldType?.links?.(b.meta.config).targetTableId
  if (!targetId) return
  // Read through the write's own transaction when not cached (PGlite has one connection).
  const target = await tableFor(k, actor, targetId, 'view', ex)
  if (!limits(target, 'read')) return
  const unique = [...new Set(ids)]
  const [row] = await ex.query<{ n: number }>(
    sql`select count(*)::int as n from ${target.physical} t${target.storedJoin} where t.id = any(${arrayLiteral(unique)}::uuid[]) and ${rowRule(target, 'read', actor.userId)}`,
  )
  if ((row?.n ?? 0) < unique.length) throw codes.KRN_ERR_RECORD_INVALID(`A record linked in '${b.meta.name}' does not exist in the linked table.`, { path })
}
