import { arrayLiteral } from '@docpal/plugin-sdk'
import { sql } from 'drizzle-orm'
import type { Database } from '../db/executor.ts'
import type { ImportMode, ImportProgress, ImportRejection } from './import-types.ts'

/** `uploading` while the file streams in; the others as GET /api/imports/:id answers them. */
export type ImportJobState = 'uploading' | 'uploaded' | 'running' | 'done' | 'refused' | 'failed'

/** One import as stored (table import_jobs); the host's own shapes (read settings, preview) are JSON to the kernel. */
export interface ImportJobRow {
  readonly id: string
  readonly companyId: string
  readonly fileName: string
  readonly state: ImportJobState
  readonly size: number
  readonly facts: unknown
  readonly head: Buffer | null
  readonly settings: unknown
  readonly preview: unknown
  readonly mode: ImportMode | null
  readonly tableId: string | null
  readonly processed: number
  readonly written: number
  readonly rejected: number
  readonly report: ImportRejection[]
  readonly error: unknown
  /** Running, and its process stopped pushing its lease forward: that process is gone. */
  readonly leaseExpired: boolean
  readonly createdAt: string
  readonly finishedAt: string | null
}

interface Raw {
  id: string
  company_id: string
  file_name: string
  state: ImportJobState
  size: string | number
  facts: unknown
  head: Uint8Array | null
  settings: unknown
  preview: unknown
  mode: ImportMode | null
  table_id: string | null
  processed: number
  written: number
  rejected: number
  report: ImportRejection[]
  error: unknown
  lease_expired: boolean
  created_at: string | Date
  finished_at: string | Date | null
}

const iso = (v: string | Date) => new Date(v).toISOString()
const toRow = (r: Raw): ImportJobRow => ({
  id: r.id,
  companyId: r.company_id,
  fileName: r.file_name,
  state: r.state,
  size: Number(r.size),
  facts: r.facts,
  head: r.head ? Buffer.from(r.head) : null,
  settings: r.settings,
  preview: r.preview,
  mode: r.mode,
  tableId: r.table_id,
  processed: r.processed,
  written: r.written,
  rejected: r.rejected,
  report: r.report,
  error: r.error,
  leaseExpired: r.lease_expired,
  createdAt: iso(r.created_at),
  finishedAt: r.finished_at === null ? null : iso(r.finished_at),
})

const COLUMNS = sql`id, company_id, file_name, state, size, facts, head, settings, preview, mode, table_id, processed, written, rejected,
  report, error, (state = 'running' and lease_until < clock_timestamp()) as lease_expired, created_at, finished_at`
const lease = (ms: number) => sql`clock_timestamp() + ${ms}::double precision * interval '1 millisecond'`
const json = (v: unknown) => sql`${JSON.stringify(v)}::jsonb`

/**
 * Imports in the database (tables import_jobs and import_files), so each request of an import may
 * reach any server process on one PostgreSQL (issue 19), and PGlite's one process runs the same
 * code. State changes are single conditional UPDATEs: of two processes, one wins.
 */
export class ImportJobsStore {
  constructor(private readonly db: Database) {}

  async create(id: string, companyId: string, userId: string, fileName: string): Promise<void> {
    await this.db.query(sql`insert into import_jobs (id, company_id, user_id, file_name, state) values (${id}, ${companyId}, ${userId}, ${fileName}, 'uploading')`)
  }

  async appendChunk(id: string, seq: number, bytes: Buffer): Promise<void> {
    await this.db.query(sql`insert into import_files (job_id, seq, bytes) values (${id}, ${seq}, ${bytes})`)
  }

  /** The file's chunks in order, one query each: a process reads a 200 MB upload 1 MiB at a time. */
  async *chunks(id: string): AsyncGenerator<Buffer> {
    for (let seq = 0; ; seq++) {
      const r = await this.db.one<{ bytes: Uint8Array }>(sql`select bytes from import_files where job_id = ${id} and seq = ${seq}`)
      if (!r) return
      yield Buffer.from(r.bytes)
    }
  }

  /** The upload is whole and previewed. */
  async uploaded(id: string, v: { size: number; facts: unknown; head: Buffer; settings: unknown; preview: unknown }): Promise<ImportJobRow | undefined> {
    const r = await this.db.one<Raw>(sql`update import_jobs set state = 'uploaded', size = ${v.size}, facts = ${json(v.facts)}, head = ${v.head},
      settings = ${json(v.settings)}, preview = ${json(v.preview)} where id = ${id} and state = 'uploading' returning ${COLUMNS}`)
    return r && toRow(r)
  }

  /** The job of the caller's company (another company's id is unknown, as any id would be); an upload still streaming in is not one yet. */
  async get(companyId: string, id: string): Promise<ImportJobRow | undefined> {
    const r = await this.db.one<Raw>(sql`select ${COLUMNS} from import_jobs where id = ${id} and company_id = ${companyId} and state <> 'uploading'`)
    return r && toRow(r)
  }

  async setPreview(id: string, settings: unknown, preview: unknown): Promise<ImportJobRow | undefined> {
    const r = await this.db.one<Raw>(
      sql`update import_jobs set settings = ${json(settings)}, preview = ${json(preview)} where id = ${id} and state = 'uploaded' returning ${COLUMNS}`,
    )
    return r && toRow(r)
  }

  /** Claims an upload for this process (false: another start got it first). */
  async claim(id: string, leaseMs: number): Promise<boolean> {
    return (await this.db.query(sql`update import_jobs set state = 'running', lease_until = ${lease(leaseMs)} where id = ${id} and state = 'uploaded' returning 1`)).length === 1
  }

  /** A start whose setup failed gives the upload back. */
  async unclaim(id: string): Promise<void> {
    await this.db.query(sql`update import_jobs set state = 'uploaded', lease_until = null where id = ${id} and state = 'running'`)
  }

  async started(id: string, mode: ImportMode, tableId: string | null): Promise<void> {
    await this.db.query(sql`update import_jobs set mode = ${mode}, table_id = ${tableId} where id = ${id}`)
  }

  /** Progress so far, and the lease pushed forward: the process is alive. */
  async progress(id: string, p: ImportProgress, leaseMs: number): Promise<void> {
    await this.db.query(sql`update import_jobs set processed = ${p.processed}, written = ${p.written}, rejected = ${p.rejected}, lease_until = ${lease(leaseMs)}
      where id = ${id} and state = 'running'`)
  }

  /** The end of a run: its outcome kept (for a day), its file dropped. */
  async finish(
    id: string,
    v: { state: 'done' | 'refused' | 'failed'; processed: number; written: number; rejected: number; report: ImportRejection[]; error: unknown; tableId: string | null },
  ): Promise<void> {
    await this.db.query(sql`update import_jobs set state = ${v.state}, processed = ${v.processed}, written = ${v.written}, rejected = ${v.rejected},
      report = ${json(v.report)}, error = ${json(v.error)}, table_id = ${v.tableId}, lease_until = null, finished_at = clock_timestamp()
      where id = ${id} and state = 'running'`)
    await this.db.query(sql`delete from import_files where job_id = ${id}`)
  }

  /** A running import whose lease passed is failed with `error` (by whichever process sees it first). */
  async abandon(id: string, error: unknown): Promise<void> {
    await this.db.query(sql`update import_jobs set state = 'failed', error = ${json(error)}, lease_until = null, finished_at = clock_timestamp()
      where id = ${id} and state = 'running' and lease_until < clock_timestamp()`)
    await this.db.query(sql`delete from import_files where job_id = ${id} and exists (select 1 from import_jobs where id = ${id} and state = 'failed')`)
  }

  /** Drops an upload or a finished import with its file; a running one stays (answers false). */
  async remove(companyId: string, id: string): Promise<boolean> {
    return (await this.db.query(sql`delete from import_jobs where id = ${id} and company_id = ${companyId} and state <> 'running' returning 1`)).length === 1
  }

  /** A refused or failed upload that never became a job. */
  async drop(id: string): Promise<void> {
    await this.db.query(sql`delete from import_jobs where id = ${id} and state = 'uploading'`)
  }

  /** Of `ids`, those still waiting or running (a process drops its local copies of the others). */
  async live(ids: readonly string[]): Promise<Set<string>> {
    if (!ids.length) return new Set()
    const rows = await this.db.query<{ id: string }>(
      sql`select id::text as id from import_jobs where id = any(${arrayLiteral(ids)}::uuid[]) and state in ('uploading', 'uploaded', 'running')`,
    )
    return new Set(rows.map((r) => r.id))
  }

  /**
   * Expiry: uploads not started after `uploadTtlMs`, finished imports after `finishedTtlMs`. One
   * DELETE, so any number of processes may run it at once.
   */
  async sweep(uploadTtlMs: number, finishedTtlMs: number): Promise<number> {
    return (
      await this.db.query(sql`delete from import_jobs where
        (state in ('uploading', 'uploaded') and created_at < clock_timestamp() - ${uploadTtlMs}::double precision * interval '1 millisecond')
        or (finished_at < clock_timestamp() - ${finishedTtlMs}::double precision * interval '1 millisecond') returning 1`)
    ).length
  }
}
