import type { Actor, ImportMode, ImportRun, Kernel } from '@docpal/kernel'
import { codes } from '@docpal/kernel'
import { hostCodes } from '../errors/codes.ts'
import { dataRows, headerNames } from './import-file.ts'
import type { ImportJob, ImportJobs } from './import-jobs.ts'

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

/**
 * Sets up and launches an import: the new table or the new columns first (each a schema change
 * of its own), then the mapping checked by the kernel, then the rows read and written in the
 * background while GET /api/imports/:id reports progress. A setup that fails undoes what it made.
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
  job.state = 'running' // claimed: a second start of the same upload is refused from here on
  let tableId = req.tableId
  let createdTable = false
  let added: string[] = []
  const undo = async () => {
    if (createdTable && tableId) await k.tablesService.delete(actor, tableId)
    else if (tableId) for (const id of added) await k.tablesService.deleteColumn(actor, tableId, id)
  }
  let run: ImportRun
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
  } catch (err) {
    job.state = 'uploaded'
    await undo()
    throw err
  }
  job.mode = req.mode
  job.tableId = tableId ?? null
  void (async () => {
    try {
      const out = await run(dataRows(job.path, job.settings, headerNames(job.preview, job.settings) ?? []), {
        mode: req.mode,
        width,
        onProgress: (p) => Object.assign(job, p),
      })
      Object.assign(job, out)
      const refused = req.mode === 'atomic' && out.rejected > 0
      if (refused) {
        await undo()
        if (createdTable) job.tableId = null
      }
      await jobs.finish(job, refused ? 'refused' : 'done')
    } catch (err) {
      if (!(err instanceof Error && 'status' in err && typeof err.status === 'number' && err.status < 500)) k.logger.error(`import ${job.id} failed`, { err: String(err) })
      if (req.mode === 'atomic') {
        job.written = 0
        // The import's own error is what the user must see; a failed undo is logged beside it.
        await undo().catch((e: unknown) => k.logger.error(`import ${job.id}: undoing its table or columns failed`, { err: String(e) }))
        if (createdTable) job.tableId = null
      }
      await jobs.finish(job, 'failed', err)
    }
  })()
}
