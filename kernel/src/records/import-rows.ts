import { DocPalError } from '@docpal/plugin-sdk'
import type { Actor, KernelContext } from '../context.ts'
import type { Executor } from '../db/executor.ts'
import { codes } from '../errors/codes.ts'
import type { BoundColumn } from '../schema/table-model.ts'
import type { TableRuntime } from '../schema/table-runtime.ts'
import { textValue, type CellRejection } from './cell-input.ts'
import { resolveNamedRecords } from './named-records.ts'
import { CopyRows } from './copy-rows.ts'
import { withoutSearchIndexes } from './import-search-indexes.ts'
import { writeInOrder } from './ordered-writes.ts'
import { checkValues, checkedColumns } from './value-checks.ts'
import { encodeWithHooks, refreshedTable, schemaChangedAgain, tableFor } from './write-support.ts'
import { guardRefusal, type Refusal } from './write-guard.ts'
import type { ImportOutcome, ImportRejection, ImportRow, ImportRun, ImportRunOptions } from './import-types.ts'
import { sayError } from '../phrasebooks/say-error.ts'
import { KERNEL_ZH_CN } from '../phrasebooks/codes-zh-CN.ts'
import { inOtherLocales } from '../phrasebooks/other-locales.ts'
import type { Locale } from '../phrasebooks/messages.ts'

export type { ImportRun }

/** Thrown inside the atomic transaction to roll it back once every row was checked. */
class Refused extends Error {}

/**
 * Checks where each cell of an import goes (`columns[i]`: the id of the column that takes cell
 * `i`, or null to skip it) and answers the function that writes the rows. The checks run before
 * any row is read, so a bad mapping is a 400 of the request that starts the import: an unknown
 * or computed column, a column taken twice, a required column that no cell fills.
 */
export async function prepareImport(k: KernelContext, actor: Actor, tableId: string, columns: ReadonlyArray<string | null>): Promise<ImportRun> {
  const rt = await tableFor(k, actor, tableId, 'create')
  const bound: Array<BoundColumn | undefined> = columns.map((id, i) => {
    if (id === null) return undefined
    const b = rt.byId.get(id) ?? rt.byName.get(id)
    if (!b) throw codes.KRN_ERR_VALIDATION(`Unknown column '${id}' in the mapping of file column ${i + 1}.`, { path: ['columns', i] })
    if (!b.meta.columnName || !b.fieldType?.input)
      throw codes.KRN_ERR_VALIDATION(`Column '${b.meta.name}' is computed or a relation: it cannot be imported into.`, { path: ['columns', i] })
    if (rt.restriction?.readOnly.has(b.meta.id)) throw codes.KRN_ERR_PERMISSION_FIELD(b.meta.name, { path: ['columns', i] })
    if (columns.indexOf(id) !== i) throw codes.KRN_ERR_VALIDATION(`Column '${b.meta.name}' is the target of more than one file column.`, { path: ['columns', i] })
    return b
  })
  for (const b of rt.byId.values()) {
    if (b.meta.required && b.meta.columnName && !bound.includes(b)) {
      throw codes.KRN_ERR_VALIDATION(`Column '${b.meta.name}' is required: map a file column to it.`, { path: ['columns'] })
    }
  }
  return (chunks, opts) => runImport(k, actor, rt, bound, chunks, opts)
}

/**
 * A refused row as the report shows it: the column by name and, for a value its type refused,
 * the cell's text first (`'ten': not a valid number`), so the user finds it in the file.
 */
function rejectionOf(rt: TableRuntime, row: ImportRow, bound: ReadonlyArray<BoundColumn | undefined>, err: DocPalError, reported: boolean): ImportRejection {
  const key = err.path?.[2]
  const b = typeof key === 'string' ? rt.byId.get(key) : undefined
  const first = (err.details?.['issues'] as Array<{ message?: unknown }> | undefined)?.[0]?.message
  // The report is read later, in the reader's language: its other languages are made now, from the
  // error, for the rows the report keeps (`reported`; the rest are only counted).
  const said = (locale: Locale) => (reported ? sayError(err, locale, KERNEL_ZH_CN) : undefined)
  if (!b || typeof first !== 'string') {
    const reasons = inOtherLocales((l) => said(l)?.message, err.message)
    return { row: row.line, column: b?.meta.name ?? null, reason: err.message, ...(reasons ? { reasons } : {}) }
  }
  const text = row.cells[bound.indexOf(b)] ?? ''
  const shown = text.length > 40 ? `${text.slice(0, 40)}…` : text
  // A value of the wrong type ("Expected a number, got text.", validation-messages.ts; zod's own
  // "Invalid input: expected ..." from a plugin that bundles its zod) is said by the column's type.
  const why = /^(Invalid input: e|E)xpected /.test(first) ? `not a valid ${(b.fieldType?.label ?? b.meta.type).toLowerCase()}` : first
  const reason = `'${shown}': ${why}`
  const reasons = inOtherLocales((l) => {
    const issue = (said(l)?.details?.['issues'] as Array<{ message?: unknown }> | undefined)?.[0]?.message
    return typeof issue === 'string' ? `“${shown}”：${issue}` : undefined
  }, reason)
  return { row: row.line, column: b.meta.name, reason, ...(reasons ? { reasons } : {}) }
}

async function runImport(
  k: KernelContext,
  actor: Actor,
  prepared: TableRuntime,
  mapping: ReadonlyArray<BoundColumn | undefined>,
  chunks: AsyncIterable<ReadonlyArray<ImportRow>>,
  opts: ImportRunOptions,
): Promise<ImportOutcome> {
  const maxReport = opts.maxReport ?? 1_000
  const report: ImportRejection[] = []
  let processed = 0
  let written = 0
  let rejected = 0
  // Replaced when the write guard refused a chunk (a schema change committed meanwhile); a chunk
  // validated meanwhile keeps the one it began with (and is refused and validated again itself).
  let state = { rt: prepared, bound: mapping, checked: checkedColumns(prepared).length > 0 }
  const hooks = k.hooks.has('record.beforeWrite')
  // Atomic imports keep their ids for the event until the one commit, and only for listeners.
  const keepIds = opts.mode === 'atomic' && k.events.has('records.bulkCreated')
  const committed: string[] = []

  interface Chunk {
    readonly rows: ReadonlyArray<ImportRow>
    readonly batch: CopyRows
    readonly text: string
    /** Counted once the chunk is written (skipInvalid) or at once (atomic). */
    readonly rejections: ImportRejection[]
  }
  const account = (c: Chunk) => {
    processed += c.rows.length
    rejected += c.rejections.length
    for (const r of c.rejections) if (report.length < maxReport) report.push(r)
  }

  /** Validates one chunk into COPY text; refused rows are reported and left out. */
  async function encodeChunk(rows: ReadonlyArray<ImportRow>, ex: Executor): Promise<Chunk> {
    const { rt, bound, checked } = state
    const rejections: ImportRejection[] = []
    const reject = (r: ImportRejection) => rejections.push(r)
    // A refused value, worded in other languages only while the report has room for it.
    const refuse = (row: ImportRow, err: DocPalError) => reject(rejectionOf(rt, row, bound, err, report.length + rejections.length < maxReport))
    const batch = new CopyRows(k, rt, actor, 'import')
    const good: Array<{ row: ImportRow; values: Map<BoundColumn, string | null> }> = []
    const read: Array<{ row: ImportRow; fields: Record<string, unknown> }> = []
    for (const row of rows) {
      if (opts.width !== undefined && row.cells.length > opts.width) {
        reject({ row: row.line, column: null, reason: `The row has ${row.cells.length} cells; the header has ${opts.width}.` })
        continue
      }
      const fields: Record<string, unknown> = {}
      for (let j = 0; j < bound.length; j++) {
        const b = bound[j]
        if (b) fields[b.meta.id] = textValue(b, row.cells[j] ?? null)
      }
      read.push({ row, fields })
    }
    // Relation cells name their records (one lookup per column per chunk); a row with a name that
    // matches nothing, or several records, is refused as a whole, as any other refused cell refuses it.
    const refusedCells: CellRejection[] = []
    const named = await resolveNamedRecords(
      k,
      actor,
      rt,
      read.map((r) => r.fields),
      'id',
      { text: true, skipInvalid: true },
      refusedCells,
      (i) => ['rows', i],
      ex,
    )
    const refusedRows = new Map(refusedCells.map((c) => [c.index, c]))
    for (const [i, { row }] of read.entries()) {
      const cell = refusedRows.get(i)
      if (cell) {
        reject({ row: row.line, column: rt.byId.get(cell.field)?.meta.name ?? cell.field, reason: cell.reason })
        continue
      }
      const fields = named[i] as Record<string, unknown>
      try {
        const path = ['rows', row.line]
        const values = hooks ? await encodeWithHooks(k, rt, actor, fields, 'id', 'create', undefined, path) : rt.encodeValues(fields, 'id', 'create', path)
        good.push({ row, values })
      } catch (err) {
        if (!(err instanceof DocPalError) || err.status >= 500) throw err
        refuse(row, err)
      }
    }
    // Values the database must confirm (user fields): one query per chunk; a refused row is
    // taken out and the rest checked again.
    while (checked && good.length) {
      try {
        await checkValues(
          ex,
          rt,
          actor.userId,
          good.map((g) => g.values),
          (i, b) => ['rows', i, b.meta.id],
        )
        break
      } catch (err) {
        const i = err instanceof DocPalError ? err.path?.[1] : undefined
        if (typeof i !== 'number' || !(err instanceof DocPalError)) throw err
        const [gone] = good.splice(i, 1)
        if (gone) refuse(gone.row, err)
      }
    }
    let text = ''
    if (opts.mode === 'atomic' && (rejected || rejections.length)) return { rows, batch, text, rejections }
    for (const g of good) text += batch.line(g.values)
    return { rows, batch, text, rejections }
  }

  /**
   * The table read again after the guard refused a chunk, the mapping bound to it by column id;
   * a mapped column deleted meanwhile ends the import (what was written stays, as reported).
   */
  async function refresh(refusal: Refusal): Promise<void> {
    const rt = await refreshedTable(k, actor, state.rt, refusal, 'create')
    const bound = state.bound.map((b) => {
      if (!b) return undefined
      const now = rt.byId.get(b.meta.id)
      if (!now?.meta.columnName) throw codes.KRN_ERR_SCHEMA_CHANGED(`table '${rt.meta.name}' (column '${b.meta.name}' was removed during the import)`)
      return now
    })
    state = { rt, bound, checked: checkedColumns(rt).length > 0 }
  }

  const progress = () => opts.onProgress?.({ processed, written, rejected })
  const emit = (ids: string[]) => {
    if (ids.length) k.events.emit('records.bulkCreated', { tableId: state.rt.meta.id, ids, companyId: actor.companyId, userId: actor.userId })
  }
  /**
   * The chunk's COPY and what follows it; for skipInvalid its own transaction, which the write
   * guard may refuse (another process changed the table or a related one since it was read): the
   * chunk is then validated again against the table as it is now and written once more (after
   * the chunks that began meanwhile).
   */
  const write = async (tx: Executor | undefined, chunk: Chunk, begun: () => void): Promise<Chunk> => {
    const run = (c: Chunk) => async (ex: Executor) => {
      // Rows take created_at from their transaction's start, and the table's order is created_at:
      // the next chunk's transaction may begin only once the server has begun this one. BEGIN is
      // sent unawaited (db/postgres-transaction.ts), so without this statement two chunks on two
      // connections could begin in either order. One round trip per 2,000-row chunk.
      if (!tx) await ex.run('select 1', [])
      begun()
      await ex.copyIn(c.batch.target, [c.text])
      await c.batch.finish(ex)
    }
    let done = chunk
    if (!chunk.text) begun()
    else if (tx) await run(chunk)(tx)
    else {
      try {
        await k.db.transaction(run(chunk))
      } catch (err) {
        const refusal = guardRefusal(err)
        if (!refusal) throw err
        await refresh(refusal)
        done = await encodeChunk(chunk.rows, k.db)
        if (done.text)
          await k.db.transaction(run(done)).catch((again: unknown) => {
            throw schemaChangedAgain(state.rt, again)
          })
      }
    }
    return done
  }
  /** A written chunk counted, reported and announced; called in file order. */
  const record = (tx: Executor | undefined, done: Chunk): void => {
    if (!tx) account(done)
    written += done.batch.ids.length
    if (!tx) emit(done.batch.ids)
    else if (keepIds) for (const id of done.batch.ids) committed.push(id)
    progress()
  }

  // Each chunk's COPY runs while the next chunk is read and validated (the other core parses
  // it), unless validating may query the database itself (hooks, checked values): PGlite has one
  // connection, and an atomic import's transaction holds it. On PostgreSQL, chunks that commit on
  // their own are written two at a time on two connections: the COPY into a table's trigram
  // indexes keeps one backend busy while the server waits (raw COPY of 2,000-row chunks here:
  // 28k rows/s one at a time, 41k two at a time; docs/benchmarks.md).
  const overlap = !hooks && !state.checked
  const parallel = overlap && opts.mode === 'skipInvalid' && k.db.driver === 'postgres' ? 2 : 1
  const pump = (tx: Executor | undefined) =>
    writeInOrder(chunks, {
      parallel,
      serial: !overlap,
      prepare: async (rows) => {
        const chunk = await encodeChunk(rows, tx ?? k.db)
        if (tx) account(chunk)
        return chunk
      },
      write: (chunk, begun) => write(tx, chunk, begun),
      count: (done) => record(tx, done),
    })

  if (opts.mode === 'skipInvalid') {
    // Not for atomic imports: dropping an index inside their one transaction would lock the table
    // against every reader until the whole file is in.
    await withoutSearchIndexes(k, prepared, opts.expectedRows, () => pump(undefined))
    return { processed, written, rejected, report }
  }
  try {
    await k.db.transaction(async (tx) => {
      await pump(tx)
      if (rejected) throw new Refused()
    })
  } catch (err) {
    if (!(err instanceof Refused)) throw err
    return { processed, written: 0, rejected, report }
  }
  emit(committed)
  return { processed, written, rejected, report }
}
