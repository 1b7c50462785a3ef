import { z } from 'zod'
import { arrayLiteral, sql, type FilterNode, type QueryAst, type SortNode, type SQL, type ErrorPath } from '@docpal/plugin-sdk'
import type { Executor } from '../db/executor.ts'
import { bindShape, type Shape } from '../db/statement-cache.ts'
import type { Actor, KernelContext } from '../context.ts'
import { codes } from '../errors/codes.ts'
import { compileCountEstimate, compilePage, sortKeys } from '../query/compile.ts'
import { ident } from '../sql/ident.ts'
import { isUuid, parseOrThrow } from '../validation.ts'
import { copyValue } from './copy-text.ts'
import { idsOf, writeLinkPairs, writeLinks } from './link-writes.ts'
import { decodeCursor, encodeCursor } from './cursor.ts'
import { buildQuery } from './list-query.ts'
import { checkValues, checkedColumns } from './value-checks.ts'
import { recordId } from './record-id.ts'
import type { KeyBy, TableRuntime } from './table-runtime.ts'
import type { BoundColumn } from '../metadata/table-model.ts'
import { TYPE_SQL } from '@docpal/plugin-sdk'

export const MAX_BULK = 100_000

export const DeleteManyBody = z.object({ ids: z.array(z.uuid()).min(1).max(MAX_BULK) })

const keyOf = (b: BoundColumn, keyBy: KeyBy): string => (keyBy === 'id' ? b.meta.id : b.meta.name)
const EXACT_BELOW = 10_000
/** Rows per COPY chunk: big enough to amortise writes, small enough to overlap with validation. */
const COPY_CHUNK_ROWS = 2_000

/** PostgreSQL errors that mean our cached metadata is older than the table (another instance changed it). */
const STALE = new Set(['42703', '42P01'])

function pgCode(err: unknown): string | undefined {
  const c = (err as { code?: unknown } | null)?.code
  return typeof c === 'string' ? c : undefined
}

/** Column list and typed value slots of a write, for a cached statement shape. */
function columnsOf(values: Map<BoundColumn, string | null>): BoundColumn[] {
  return [...values.keys()]
}

function shapeKey(prefix: string, keyBy: KeyBy, cols: ReadonlyArray<BoundColumn>): string {
  let key = `${prefix}|${keyBy}`
  for (const c of cols) key += '|' + c.meta.id
  return key
}

function typedSlot(b: BoundColumn, slot: SQL): SQL {
  return sql`${slot}::${TYPE_SQL[b.meta.dataType!]}`
}

/**
 * Record reads and writes. Each request is one statement (or one transaction when hooks must run
 * inside it); responses are JSON text built by PostgreSQL and passed through untouched.
 */
export class RecordsService {
  constructor(private readonly k: KernelContext) {}

  /** Runs `fn` with the table's runtime; retries once with fresh metadata if the table changed under us. */
  async #withTable<T>(actor: Actor, tableId: string, fn: (rt: TableRuntime) => Promise<T>): Promise<T> {
    const rt = await this.k.tables.get(actor.companyId, tableId)
    try {
      return await fn(rt)
    } catch (err) {
      const code = pgCode(err)
      if (!code || !STALE.has(code)) throw err
      this.k.tables.invalidate(tableId)
      return fn(await this.k.tables.get(actor.companyId, tableId))
    }
  }

  async #values(rt: TableRuntime, actor: Actor, fields: unknown, keyBy: KeyBy, mode: 'create' | 'patch' | 'replace', recordId: string | undefined, path: ErrorPath = ['fields']) {
    if (!this.k.hooks.has('record.beforeWrite') || fields === null || typeof fields !== 'object' || Array.isArray(fields)) return rt.encodeValues(fields, keyBy, mode, path)
    const byId: Record<string, unknown> = {}
    const lookup = keyBy === 'id' ? rt.byId : rt.byName
    for (const [key, v] of Object.entries(fields as Record<string, unknown>)) {
      const b = lookup.get(key)
      if (!b) throw codes.KRN_ERR_RECORD_INVALID(`Unknown column '${key}'.`, { path: [...path, key] })
      byId[b.meta.id] = v
    }
    const op = mode === 'patch' ? 'update' : mode
    const draft = await this.k.hooks.waterfall('record.beforeWrite', { recordId, values: byId }, { ...actor, tableId: rt.meta.id, table: rt.info, op })
    if (keyBy === 'id') return rt.encodeValues(draft.values, 'id', mode, path)
    // Back to the request's keys, so error paths name columns as the client did (as without hooks).
    const byName: Record<string, unknown> = {}
    for (const [id, v] of Object.entries(draft.values)) byName[rt.byId.get(id)?.meta.name ?? id] = v
    return rt.encodeValues(byName, 'name', mode, path)
  }

  /** A write and its afterWrite hooks; one statement, or one transaction (hooks, stored values to follow). */
  async #write<T>(rt: TableRuntime, actor: Actor, op: 'create' | 'update' | 'replace' | 'delete', run: (ex: Executor) => Promise<{ result: T; recordId: string; changed: string[] }>, several = false) {
    if (!several && !this.k.hooks.has('record.afterWrite')) return run(this.k.db)
    return this.k.db.transaction(async (tx) => {
      const out = await run(tx)
      await this.k.hooks.series('record.afterWrite', { recordId: out.recordId, changed: out.changed }, { ...actor, tableId: rt.meta.id, table: rt.info, op })
      return out
    })
  }

  /**
   * A write that sets relation fields: links live in link tables, so the row, its links, the
   * afterWrite hooks and the read-back run in one transaction.
   */
  async #withLinks(rt: TableRuntime, actor: Actor, op: 'create' | 'update' | 'replace', recordId: string, keyBy: KeyBy, values: Map<BoundColumn, string | null>, replace: boolean, writeRow: (tx: Executor) => Promise<void>) {
    const changed = columnsOf(values).map((b) => b.meta.id)
    const result = await this.k.db.transaction(async (tx) => {
      await writeRow(tx)
      const plain: string[] = []
      for (const b of columnsOf(values)) {
        if (!b.meta.linkSide) {
          plain.push(b.meta.columnName!)
          continue
        }
        const others = await writeLinks(tx, b, recordId, values.get(b) ?? null, replace)
        const [src, dst] = b.meta.linkSide === 'src' ? [[recordId], others] : [others, [recordId]]
        await rt.stored.linksChanged(tx, b.meta.columnName!, src, dst)
      }
      if (op !== 'create' && rt.stored.readsTable(rt.meta.id, plain)) await rt.stored.rowsChanged(tx, rt.meta.id, [recordId], plain)
      await this.k.hooks.series('record.afterWrite', { recordId, changed }, { ...actor, tableId: rt.meta.id, table: rt.info, op })
      return (await tx.one<{ r: string }>(rt.selectJson(keyBy, sql`${recordId}`)))!.r
    })
    return { result, recordId, changed }
  }

  async create(actor: Actor, tableId: string, body: unknown, keyBy: KeyBy): Promise<string> {
    const fields = (body as { fields?: unknown } | null)?.fields ?? {}
    const out = await this.#withTable(actor, tableId, async (rt) => {
      const values = await this.#values(rt, actor, fields, keyBy, 'create', undefined)
      await checkValues(this.k.db, rt, actor.userId, [values], (_row, b) => ['fields', keyOf(b, keyBy)])
      const id = recordId()
      const cols = columnsOf(values).filter((b) => !b.meta.linkSide)
      const linked = columnsOf(values).filter((b) => b.meta.linkSide)
      if (linked.length) {
        // Links live in link tables: insert the row, then its links, then read it back, in one transaction.
        return this.#withLinks(rt, actor, 'create', id, keyBy, values, false, async (tx) => {
          const names = sql.join([sql`id`, sql`created_by`, ...cols.map((b) => ident(b.meta.columnName!))], sql`, `)
          const vals = sql.join([sql`${id}`, sql`${actor.userId}`, ...cols.map((b) => typedSlot(b, sql`${values.get(b)}`))], sql`, `)
          await tx.query(sql`insert into ${rt.physical} as t (${names}) values (${vals})`)
        })
      }
      const shape = rt.statements.shape(shapeKey('create', keyBy, cols), (slot) => {
        const names = sql.join([sql`id`, sql`created_by`, ...cols.map((b) => ident(b.meta.columnName!))], sql`, `)
        const vals = sql.join([slot(0), slot(1), ...cols.map((b, i) => typedSlot(b, slot(2 + i)))], sql`, `)
        return rt.returningJson(sql`insert into ${rt.physical} as t (${names}) values (${vals})`, keyBy)
      })
      const params = bindShape(shape, [id, actor.userId, ...values.values()])
      return this.#write(rt, actor, 'create', async (ex) => {
        const [row] = await ex.run<{ r: string }>(shape.text, params)
        return { result: row!.r, recordId: id, changed: cols.map((b) => b.meta.id) }
      })
    })
    this.k.events.emit('record.created', { tableId, recordId: out.recordId, companyId: actor.companyId, userId: actor.userId })
    return out.result
  }

  async bulk(actor: Actor, tableId: string, body: unknown, keyBy: KeyBy): Promise<{ created: number; ids: string[] }> {
    const records = (body as { records?: unknown } | null)?.records
    if (!Array.isArray(records)) throw codes.KRN_ERR_VALIDATION('`records` is an array of {"fields": {...}}.', { path: ['records'] })
    if (records.length > MAX_BULK) throw codes.KRN_ERR_VALIDATION(`At most ${MAX_BULK} records per bulk request; split the upload.`, { path: ['records'] })
    const rows: unknown[] = records
    const ids = await this.#withTable(actor, tableId, async (rt) => {
      const columns = [...rt.byId.values()].filter((b) => b.meta.columnName && b.fieldType && !b.meta.linkSide)
      const linkCols = [...rt.byId.values()].filter((b) => b.meta.linkSide && b.fieldType)
      const pairs = new Map(linkCols.map((b) => [b, { self: [] as string[], other: [] as string[] }]))
      const ids: string[] = new Array(records.length)
      const user = copyValue(actor.userId)
      const rowOf = (i: number): { fields?: unknown } => {
        const rec = records[i] as { fields?: unknown } | null
        if (rec === null || typeof rec !== 'object') throw codes.KRN_ERR_RECORD_INVALID(`Record ${i} must be an object with \`fields\`.`, { path: ['records', i] })
        return rec
      }
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
      if (this.k.hooks.has('record.beforeWrite') || checkedColumns(rt).length) {
        hooked = []
        for (let i = 0; i < records.length; i++) {
          const fields = rowOf(i).fields ?? {}
          hooked.push(await this.#values(rt, actor, fields, keyBy, 'create', undefined, ['records', i, 'fields']).catch((err: unknown) => named(i, () => { throw err })))
        }
        await checkValues(this.k.db, rt, actor.userId, hooked, (i, b) => ['records', i, 'fields', keyOf(b, keyBy)])
      }
      const line = (i: number): string => {
        const values = hooked?.[i] ?? named(i, () => rt.encodeValues(rowOf(i).fields ?? {}, keyBy, 'create', ['records', i, 'fields']))
        const id = recordId()
        ids[i] = id
        let out = id + '\t' + user
        for (const c of columns) out += '\t' + copyValue(values.get(c) ?? null)
        for (const [b, p] of pairs) {
          const list = values.get(b)
          for (const other of idsOf(list)) {
            p.self.push(id)
            p.other.push(other)
          }
        }
        return out + '\n'
      }
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
      if (!records.length) return ids
      const target = sql`${rt.physical} (${sql.join([sql`id`, sql`created_by`, ...columns.map((c) => ident(c.meta.columnName!))], sql`, `)})`
      await this.k.db.transaction(async (tx) => {
        await tx.copyIn(target, chunks())
        for (const [b, p] of pairs) {
          await writeLinkPairs(tx, b, p.self, p.other)
          const others = [...new Set(p.other)]
          const selves = [...new Set(p.self)]
          await rt.stored.linksChanged(tx, b.meta.columnName!, b.meta.linkSide === 'src' ? selves : others, b.meta.linkSide === 'src' ? others : selves)
        }
      })
      return ids
    })
    this.k.events.emit('records.bulkCreated', { tableId, ids, companyId: actor.companyId, userId: actor.userId })
    return { created: ids.length, ids }
  }

  async get(actor: Actor, tableId: string, recordId: string, keyBy: KeyBy): Promise<string> {
    if (!isUuid(recordId)) throw codes.KRN_ERR_NOT_FOUND('Record', recordId)
    return this.#withTable(actor, tableId, async (rt) => {
      const shape: Shape = rt.statements.shape(`get|${keyBy}`, (slot) => rt.selectJson(keyBy, slot(0)))
      const [row] = await this.k.db.run<{ r: string }>(shape.text, bindShape(shape, [recordId]))
      if (!row) throw codes.KRN_ERR_NOT_FOUND('Record', recordId)
      return row.r
    })
  }

  async update(actor: Actor, tableId: string, recordId: string, body: unknown, mode: 'patch' | 'replace', keyBy: KeyBy): Promise<string> {
    if (!isUuid(recordId)) throw codes.KRN_ERR_NOT_FOUND('Record', recordId)
    const fields = (body as { fields?: unknown } | null)?.fields ?? {}
    const out = await this.#withTable(actor, tableId, async (rt) => {
      const values = await this.#values(rt, actor, fields, keyBy, mode, recordId)
      await checkValues(this.k.db, rt, actor.userId, [values], (_row, b) => ['fields', keyOf(b, keyBy)])
      const cols = columnsOf(values).filter((b) => !b.meta.linkSide)
      const linked = columnsOf(values).filter((b) => b.meta.linkSide)
      if (linked.length) {
        return this.#withLinks(rt, actor, mode === 'patch' ? 'update' : 'replace', recordId, keyBy, values, true, async (tx) => {
          const sets = [...cols.map((b) => sql`${ident(b.meta.columnName!)} = ${typedSlot(b, sql`${values.get(b)}`)}`), sql`updated_at = now()`]
          const touched = await tx.query(sql`update ${rt.physical} as t set ${sql.join(sets, sql`, `)} where t.id = ${recordId} returning t.id`)
          if (!touched.length) throw codes.KRN_ERR_NOT_FOUND('Record', recordId)
        })
      }
      const shape = rt.statements.shape(shapeKey('update', keyBy, cols), (slot) => {
        const sets = [...cols.map((b, i) => sql`${ident(b.meta.columnName!)} = ${typedSlot(b, slot(1 + i))}`), sql`updated_at = now()`]
        return rt.returningJson(sql`update ${rt.physical} as t set ${sql.join(sets, sql`, `)} where t.id = ${slot(0)}`, keyBy)
      })
      const params = bindShape(shape, [recordId, ...values.values()])
      const written = cols.map((b) => b.meta.columnName!)
      const followers = rt.stored.readsTable(rt.meta.id, written)
      return this.#write(rt, actor, mode === 'patch' ? 'update' : 'replace', async (ex) => {
        const [row] = await ex.run<{ r: string }>(shape.text, params)
        if (!row) throw codes.KRN_ERR_NOT_FOUND('Record', recordId)
        let result = row.r
        if (followers) {
          await rt.stored.rowsChanged(ex, rt.meta.id, [recordId], written)
          // A record linked to itself reads its own new values.
          result = (await ex.one<{ r: string }>(rt.selectJson(keyBy, sql`${recordId}`)))!.r
        }
        return { result, recordId, changed: cols.map((b) => b.meta.id) }
      }, followers)
    })
    this.k.events.emit('record.updated', { tableId, recordId, companyId: actor.companyId, userId: actor.userId, changed: out.changed })
    return out.result
  }

  async delete(actor: Actor, tableId: string, recordId: string): Promise<void> {
    if (!isUuid(recordId)) throw codes.KRN_ERR_NOT_FOUND('Record', recordId)
    await this.#withTable(actor, tableId, (rt) => {
      const followers = rt.stored.readsTable(rt.meta.id)
      return this.#write(rt, actor, 'delete', async (ex) => {
        const follow = followers ? await rt.stored.beforeDelete(ex, rt.meta.id, [recordId]) : undefined
        const shape = rt.statements.shape('delete', (slot) => sql`delete from ${rt.physical} t where t.id = ${slot(0)} returning t.id`)
        const [row] = await ex.run(shape.text, bindShape(shape, [recordId]))
        if (!row) throw codes.KRN_ERR_NOT_FOUND('Record', recordId)
        await follow?.(ex)
        return { result: undefined, recordId, changed: [] }
      }, followers)
    })
    this.k.events.emit('record.deleted', { tableId, recordId, companyId: actor.companyId, userId: actor.userId })
  }

  /** Deletes several records at once: all of them, or none when one is missing. */
  async deleteMany(actor: Actor, tableId: string, body: unknown): Promise<{ deleted: number }> {
    const { ids } = parseOrThrow(DeleteManyBody, body)
    const unique = [...new Set(ids)]
    await this.#withTable(actor, tableId, (rt) =>
      this.k.db.transaction(async (tx) => {
        const follow = rt.stored.readsTable(rt.meta.id) ? await rt.stored.beforeDelete(tx, rt.meta.id, unique) : undefined
        const gone = await tx.query<{ id: string }>(sql`delete from ${rt.physical} t where t.id = any(${arrayLiteral(unique)}::uuid[]) returning t.id`)
        if (gone.length !== unique.length) {
          const found = new Set(gone.map((r) => r.id))
          throw codes.KRN_ERR_NOT_FOUND('Record', unique.find((id) => !found.has(id))!)
        }
        await follow?.(tx)
        if (this.k.hooks.has('record.afterWrite')) {
          for (const id of unique) await this.k.hooks.series('record.afterWrite', { recordId: id, changed: [] }, { ...actor, tableId: rt.meta.id, table: rt.info, op: 'delete' })
        }
      }),
    )
    for (const recordId of unique) this.k.events.emit('record.deleted', { tableId, recordId, companyId: actor.companyId, userId: actor.userId })
    return { deleted: unique.length }
  }

  /** A page of records as the API's JSON text. `extra` is what a view adds to the request. */
  async list(actor: Actor, tableId: string, raw: unknown, extra: { filter?: FilterNode; sort?: ReadonlyArray<SortNode>; groupBy?: string; fields?: ReadonlyArray<string> } = {}): Promise<string> {
    return this.#withTable(actor, tableId, async (rt) => {
      const built = buildQuery(rt, raw, extra)
      let ast: QueryAst = built.ast
      if (this.k.hooks.has('query.beforeCompile')) ast = await this.k.hooks.waterfall('query.beforeCompile', ast, { ...actor, tableId, table: rt.info })
      const signature = JSON.stringify([ast.sort, ast.groupBy ?? null])
      if (built.params.cursor) ast = { ...ast, after: decodeCursor(built.params.cursor, signature, sortKeys(rt, ast, rt.scope(actor.userId)).length) }
      const { statement } = compilePage(rt, ast, built.params.fieldKey, actor.userId)
      const row = (await this.k.db.one<{ records: string; last_key: string | null; n: number; total: number | null; groups: string | null }>(statement))!
      let total = row.total
      if (ast.count === 'estimate') {
        const plan = await this.k.db.one<{ 'QUERY PLAN': unknown }>(compileCountEstimate(rt, ast, actor.userId))
        const parsed = plan?.['QUERY PLAN']
        const doc = (typeof parsed === 'string' ? JSON.parse(parsed) : parsed) as Array<{ Plan: { 'Plan Rows': number } }>
        total = Math.round(doc[0]?.Plan['Plan Rows'] ?? 0)
        // Below this the exact count is as cheap as the estimate and never wrong.
        if (total < EXACT_BELOW) {
          const exact = await this.k.db.one<{ total: number }>(compilePage(rt, { ...ast, count: 'exact', limit: 1, offset: 0, after: undefined }, 'id', actor.userId).statement)
          total = exact?.total ?? total
        }
      }
      let out = `{"records":${row.records}`
      if (total !== null) out += `,"total":${total}${ast.count === 'estimate' && total >= EXACT_BELOW ? ',"totalIsEstimate":true' : ''}`
      out += `,"limit":${ast.limit},"offset":${ast.after ? 0 : ast.offset}`
      if (row.n === ast.limit && row.last_key) out += `,"nextCursor":${JSON.stringify(encodeCursor(JSON.parse(row.last_key) as unknown[], signature))}`
      if (row.groups) out += `,"groups":${row.groups}`
      return out + '}'
    })
  }
}

export type { Executor }
