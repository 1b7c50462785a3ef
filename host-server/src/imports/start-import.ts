import type { Actor, ImportMode, ImportProgress, ImportRejection, ImportRun, Kernel } from '@docpal/kernel'
import { codes } from '@docpal/kernel'
import { hostCodes } from '../errors/codes.ts'
import { dataRows, headerNames } from './import-file.ts'
import { HEARTBEAT_MS, LEASE_MS, type ImportJob, type ImportJobs } from './import-jobs.ts'

/** Where one file column goes: an existing column (id or name), a new column, or (unlisted) nowhere. */
export type ColumnMapping = { source: number; field: string } | { source: number; create: { name: string; type: string; config?: Record<string, unknown> | undefined } }

export interface StartRequest {
  tableId?: string | undefined
  newTable?: { appId: string; name: string } | undefined
  mode: ImportMode
  columns?: ColumnMapping[] | undefined
}

const norm = (s: string) => s.trim().normalize('NFC').toLowerCase()

/** Without a mapping: a new table takes every file column as a new column of its detected type; an existing one the columns named alike. */
function defaultMapping(job: ImportJob, existing: ReadonlyArray<{ id: string; name: string }> | undefined): ColumnMapping[] {
  const cols = job.preview.columns
  if (!existing) return cols.map((c) => ({ source: c.index, create: { name: c.name, type: c.detected.type, config: c.detected.config } }))
  return cols.flatMap((c) => {
    const hit = existing.find((e) => norm(e.name) === norm(c.name))
    return hit ? [{ source: c.index, field: hit.id }] : []
  })
}

/** Progress is written to the database at most this often (GET reads it from any process). */
const PROGRESS_EVERY_MS = 500

/**
 * Sets up and launches an import: the new table or the new columns first (each a schema change
 * of its own), then the mapping checked by the kernel, then the rows read and written in the
 * background while GET /api/imports/:id reports progress. A setup that fails undoes what it made.
 * This process claims the job in the database (one start wins) and holds a lease on it while it runs.
 */
export async function startImport(k: Kernel, jobs: ImportJobs, job: ImportJob, actor: Actor, req: StartRequest): Promise<void> {
  if (job.state !== 'uploaded') throw hostCodes.HST_ERR_IMPORT_STARTED(job.id, job.state)
  if ((req.tableId === undefined) === (req.newTable === undefined))
    throw codes.KRN_ERR_VALIDATION('Give either tableId (an existing table) or newTable {appId, name}.', { path: ['tableId'] })
  const width = job.preview.columns.length
  const existing = req.tableId ? (await k.tablesService.get(actor, req.tableId)).columns : undefined
  const mapping = req.columns ?? defaultMapping(job, existing)
  const seen = new Set<number>()
  mapping.forEach((m, i) => {
    if (m.source >= width)
      throw codes.KRN_ERR_VALIDATION(`The file has ${width} columns; there is no column ${m.source} (columns count from 0).`, { path: ['columns', i, 'source'] })
    if (seen.has(m.source)) throw codes.KRN_ERR_VALIDATION(`File column ${m.source} is mapped twice.`, { path: ['columns', i, 'source'] })
    seen.add(m.source)
  })
  const creates = mapping.flatMap((m) => ('create' in m ? [m.create] : []))
  // Claimed: a second start of the same upload, through any process, is refused from here on.
  if (!(await k.importJobs.claim(job.id, LEASE_MS))) throw hostCodes.HST_ERR_IMPORT_STARTED(job.id, 'running')
  let tableId = req.tableId
  let createdTable = false
  let added: string[] = []
  const undo = async () => {
    if (createdTable && tableId) await k.tablesService.delete(actor, tableId)
    else if (tableId) for (const id of added) await k.tablesService.deleteColumn(actor, tableId, id)
  }
  let run: ImportRun
  let path: string
  const ids: Array<string | null> = new Array<string | null>(width).fill(null)
  try {
    let columns: ReadonlyArray<{ id: string; name: string }>
    if (req.newTable) {
      const t = await k.tablesService.create(actor, req.newTable.appId, { name: req.newTable.name, columns: creates })
      tableId = t.id
      createdTable = true
      columns = t.columns
    } else if (creates.length && tableId) {
      const before = existing ?? []
      const current = (await k.tablesService.get(actor, tableId)).columns.map((c) => ({
        id: c.id,
        name: c.name,
        type: c.type,
        config: c.config as Record<string, unknown>,
        required: c.required,
      }))
      const res = await k.tablesService.update(actor, tableId, { columns: [...current, ...creates] })
      columns = res.table.columns
      added = columns.filter((c) => !before.some((b) => b.id === c.id)).map((c) => c.id)
    } else columns = existing ?? []
    for (const m of mapping) ids[m.source] = 'field' in m ? m.field : (columns.find((c) => norm(c.name) === norm(m.create.name))?.id ?? m.create.name)
    run = await k.records.prepareImport(actor, tableId ?? '', ids)
    await k.importJobs.started(job.id, req.mode, tableId ?? null)
    path = await jobs.localFile(job.id)
  } catch (err) {
    await k.importJobs.unclaim(job.id)
    await undo()
    throw err
  }
  let progress: ImportProgress = { processed: 0, written: 0, rejected: 0 }
  let lastWrite = Date.now()
  let writing: Promise<void> = Promise.resolve()
  // Progress and lease go one write at a time; a failed write is logged (the run goes on, and a
  // lease that could not be renewed shows as a failed import rather than a wrong one).
  const save = () => {
    lastWrite = Date.now()
    const p = progress
    writing = writing.then(() => k.importJobs.progress(job.id, p, LEASE_MS)).catch((e: unknown) => k.logger.error(`import ${job.id}: saving progress failed`, { err: String(e) }))
  }
  const heartbeat = setInterval(() => {
    if (Date.now() - lastWrite >= HEARTBEAT_MS / 2) save()
  }, HEARTBEAT_MS).unref()
  const rowsPath = path
  void (async () => {
    let end: { processed: number; written: number; rejected: number; report: ImportRejection[]; tableId: string | null } = { ...progress, report: [], tableId: tableId ?? null }
    let state: 'done' | 'refused' | 'failed' = 'failed'
    let failure: { err: unknown } | undefined
    try {
      const out = await run(dataRows(rowsPath, job.settings, headerNames(job.preview, job.settings) ?? []), {
        mode: req.mode,
        width,
        ...(job.preview.totalRows === null ? {} : { expectedRows: job.preview.totalRows }),
        onProgress: (p) => {
          progress = p
          if (Date.now() - lastWrite >= PROGRESS_EVERY_MS) save()
        },
      })
      end = { ...out, tableId: tableId ?? null }
      const refused = req.mode === 'atomic' && out.rejected > 0
      if (refused) {
        await undo()
        if (createdTable) end.tableId = null
      }
      state = refused ? 'refused' : 'done'
    } catch (err) {
      failure = { err }
      if (!(err instanceof Error && 'status' in err && typeof err.status === 'number' && err.status < 500)) k.logger.error(`import ${job.id} failed`, { err: String(err) })
      end = { ...end, ...progress }
      if (req.mode === 'atomic') {
        end.written = 0
        // The import's own error is what the user must see; a failed undo is logged beside it.
        await undo().catch((e: unknown) => k.logger.error(`import ${job.id}: undoing its table or columns failed`, { err: String(e) }))
        if (createdTable) end.tableId = null
      }
    }
    clearInterval(heartbeat)
    await writing
    // Not saved: the lease runs out and the import shows as failed by its lost process.
    await jobs.finish(job.id, { ...end, state }, failure).catch((e: unknown) => k.logger.error(`import ${job.id}: saving its outcome failed`, { err: String(e) }))
  })()
}
