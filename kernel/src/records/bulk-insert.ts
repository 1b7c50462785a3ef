import type { Actor, KernelContext } from '../context.ts'
import { codes } from '../errors/codes.ts'
import type { BoundColumn } from '../schema/table-model.ts'
import type { KeyBy } from '../schema/table-runtime.ts'
import { screenFields, type CellInputOptions, type CellRejection } from './cell-input.ts'
import { resolveNamedRecords } from './named-records.ts'
import { CopyRows } from './copy-rows.ts'
import { checkValues, checkedColumns } from './value-checks.ts'
import { encodeWithHooks, keyOf, withTable } from './write-support.ts'

export const MAX_BULK = 100_000

/**
 * Rows per COPY chunk: each chunk goes to the socket as soon as it is encoded, so PostgreSQL
 * parses and inserts one while the next is validated, on the other core. 200 rather than 2,000:
 * a 1,000-row request was one chunk, encoded in full before the server saw a byte
 * (bench/bulk-insert.ts, 1,000-row requests: ~10% more rows/s).
 */
const COPY_CHUNK_ROWS = 200

/**
 * `POST .../records/bulk`: many new records in one COPY, in one transaction with their links,
 * stored values and write hooks. `record.beforeWrite` runs per row before the COPY starts;
 * `record.afterWrite` runs per row (as for single creates) after it, inside the transaction.
 * `opts` reads cells as typed text and skips refused cells (a grid paste), reported in `rejected`.
 */
export async function bulkInsert(
  k: KernelContext,
  actor: Actor,
  tableId: string,
  body: unknown,
  keyBy: KeyBy,
  opts: CellInputOptions = {},
): Promise<{ created: number; ids: string[]; rejected?: CellRejection[] }> {
  const records = (body as { records?: unknown } | null)?.records
  if (!Array.isArray(records)) throw codes.KRN_ERR_VALIDATION('`records` is an array of {"fields": {...}}.', { path: ['records'] })
  if (records.length > MAX_BULK) throw codes.KRN_ERR_VALIDATION(`At most ${MAX_BULK} records per bulk request; split the upload.`, { path: ['records'] })
  const rows: unknown[] = records
  const rejected: CellRejection[] = []
  const ids = await withTable(k, actor, tableId, 'create', async (rt) => {
    rejected.length = 0
    const given = (i: number): { fields?: unknown } => {
      const rec = records[i] as { fields?: unknown } | null
      if (rec === null || typeof rec !== 'object') throw codes.KRN_ERR_RECORD_INVALID(`Record ${i} must be an object with \`fields\`.`, { path: ['records', i] })
      return rec
    }
    // Relation cells given as text name their records: looked up once per column before the rows are screened.
    const byName = opts.text
      ? await resolveNamedRecords(
          k,
          actor,
          rt,
          records.map((_, i) => given(i).fields ?? {}),
          keyBy,
          opts,
          rejected,
          (i) => ['records', i, 'fields'],
        )
      : undefined
    const screened =
      opts.text || opts.skipInvalid
        ? records.map((_, i) => ({ fields: screenFields(rt, byName?.[i] ?? given(i).fields ?? {}, keyBy, opts, i, ['records', i, 'fields'], rejected) }))
        : undefined
    const rowOf = (i: number): { fields?: unknown } => screened?.[i] ?? given(i)
    const named = <T>(i: number, fn: () => T): T => {
      try {
        return fn()
      } catch (err) {
        if (err instanceof Error && 'code' in err && !err.message.startsWith('Record ')) err.message = `Record ${i}: ${err.message}`
        throw err
      }
    }
    // record.beforeWrite runs for bulk rows too, so a plugin's transform or veto cannot be
    // bypassed; hooks are async, so those rows are all validated before the COPY starts.
    // Values checked against the database (user fields) are likewise encoded up front.
    let hooked: Array<Map<BoundColumn, string | null>> | undefined
    if (k.hooks.has('record.beforeWrite') || checkedColumns(rt).length) {
      hooked = []
      for (let i = 0; i < records.length; i++) {
        const fields = rowOf(i).fields ?? {}
        hooked.push(
          await encodeWithHooks(k, rt, actor, fields, keyBy, 'create', undefined, ['records', i, 'fields']).catch((err: unknown) =>
            named(i, () => {
              throw err
            }),
          ),
        )
      }
      await checkValues(k.db, rt, actor.userId, hooked, (i, b) => ['records', i, 'fields', keyOf(b, keyBy)])
    }
    const out = new CopyRows(k, rt, actor, 'bulk')
    const line = (i: number): string => out.line(hooked?.[i] ?? named(i, () => rt.encodeValues(rowOf(i).fields ?? {}, keyBy, 'create', ['records', i, 'fields'])))
    function* chunks(): Generator<string> {
      let buf = ''
      for (let i = 0; i < rows.length; i++) {
        buf += line(i)
        if ((i + 1) % COPY_CHUNK_ROWS === 0) {
          yield buf
          buf = ''
        }
      }
      if (buf) yield buf
    }
    if (!records.length) return []
    await k.db.transaction(async (tx) => {
      await tx.copyIn(out.target, chunks())
      await out.finish(tx)
    })
    return out.ids
  })
  k.events.emit('records.bulkCreated', { tableId, ids, companyId: actor.companyId, userId: actor.userId })
  return { created: ids.length, ids, ...(opts.skipInvalid ? { rejected } : {}) }
}
