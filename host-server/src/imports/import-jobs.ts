import { randomUUID } from 'node:crypto'
import { createWriteStream, existsSync, mkdtempSync, rmSync } from 'node:fs'
import { readdir, rename, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DocPalError } from '@docpal/plugin-sdk'
import type { ImportJobRow, ImportMode, ImportRejection, Kernel } from '@docpal/kernel'
import { hostCodes } from '../errors/codes.ts'
import type { Preview, ReadSettings } from './import-file.ts'
import type { UploadFacts } from './upload.ts'

export type ImportState = 'uploaded' | 'running' | 'done' | 'refused' | 'failed'
export type ImportError = { code: string; message: string; path?: ReadonlyArray<string | number> }

/** One uploaded file and, once started, its import: what GET /api/imports/:id answers. */
export interface ImportJob {
  readonly id: string
  readonly companyId: string
  readonly fileName: string
  readonly size: number
  readonly facts: UploadFacts
  readonly createdAt: string
  readonly settings: ReadSettings
  readonly preview: Preview
  readonly state: ImportState
  readonly mode: ImportMode | null
  readonly tableId: string | null
  readonly processed: number
  readonly written: number
  readonly rejected: number
  readonly report: ImportRejection[]
  readonly error: ImportError | null
  readonly finishedAt: string | null
}

/** Uploads not started are dropped after an hour; finished imports (their report) after a day. */
const UPLOAD_TTL_MS = 60 * 60 * 1000
const FINISHED_TTL_MS = 24 * 60 * 60 * 1000
/** A running import's process pushes its lease this far ahead, every HEARTBEAT_MS at least. */
export const LEASE_MS = 30_000
export const HEARTBEAT_MS = 5_000
/** The uploaded file is stored in chunks of this size. */
const CHUNK = 1024 * 1024

/** The error kept on a failed import: a 4xx tells the user what was wrong; anything else is internal. */
export function importError(err: unknown): ImportError {
  return err instanceof DocPalError && err.status < 500
    ? { code: err.code, message: err.message, ...(err.path ? { path: err.path } : {}) }
    : { code: hostCodes.HST_ERR_INTERNAL.code, message: hostCodes.HST_ERR_INTERNAL().message }
}

function toJob(r: ImportJobRow): ImportJob {
  const facts = r.facts as Omit<UploadFacts, 'head'>
  return {
    id: r.id,
    companyId: r.companyId,
    fileName: r.fileName,
    size: r.size,
    facts: { ...facts, head: r.head ?? Buffer.alloc(0) },
    createdAt: r.createdAt,
    settings: r.settings as ReadSettings,
    preview: r.preview as Preview,
    state: r.state === 'uploading' ? 'uploaded' : r.state,
    mode: r.mode,
    tableId: r.tableId,
    processed: r.processed,
    written: r.written,
    rejected: r.rejected,
    report: r.report,
    error: (r.error as ImportError | null) ?? null,
    finishedAt: r.finishedAt,
  }
}

/**
 * The imports, kept in the database (k.importJobs) with their uploaded files, so each request of
 * an import may reach any server process (issue 19). The parsers read a local copy of the file:
 * the process that received the upload keeps the one it wrote; another writes one from the
 * database's chunks when it first needs it. Local copies go when the import ends or the server stops.
 */
export class ImportJobs {
  readonly #dir = mkdtempSync(join(tmpdir(), 'docpal-imports-'))
  readonly #sweeper = setInterval(
    () => void this.sweep().catch((err: unknown) => this.k.logger.error('import expiry failed; retried later', { err: String(err) })),
    5 * 60 * 1000,
  ).unref()

  constructor(private readonly k: Kernel) {}

  /** A new upload's id and local path; its row is made now, so its chunks can be stored as they come. */
  async begin(companyId: string, userId: string, fileName: string): Promise<{ id: string; path: string }> {
    const id = randomUUID()
    await this.k.importJobs.create(id, companyId, userId, fileName)
    return { id, path: this.#path(id) }
  }

  /** Stores the bytes of upload `id` as they arrive, 1 MiB a row; `end` stores the rest. */
  chunkWriter(id: string): { write: (b: Buffer) => Promise<void>; end: () => Promise<void> } {
    let parts: Buffer[] = []
    let size = 0
    let seq = 0
    const flush = async () => {
      if (!size) return
      const bytes = Buffer.concat(parts, size)
      parts = []
      size = 0
      await this.k.importJobs.appendChunk(id, seq++, bytes)
    }
    return {
      write: async (b) => {
        parts.push(b)
        size += b.length
        if (size >= CHUNK) await flush()
      },
      end: flush,
    }
  }

  async uploaded(id: string, v: { facts: UploadFacts; settings: ReadSettings; preview: Preview }): Promise<ImportJob> {
    const { head, ...facts } = v.facts
    const row = await this.k.importJobs.uploaded(id, { size: v.facts.size, facts, head, settings: v.settings, preview: v.preview })
    if (!row) throw hostCodes.HST_ERR_IMPORT_NOT_FOUND(id)
    return toJob(row)
  }

  /** The job of the caller's company (another company's id is unknown, as any id would be). A running one whose process is gone is failed first. */
  async get(companyId: string, id: string): Promise<ImportJob> {
    let row = await this.k.importJobs.get(companyId, id)
    if (row?.leaseExpired) {
      // Its own message, though a 5xx: what was kept is what the user must know.
      const lost = hostCodes.HST_ERR_IMPORT_ABANDONED(row.mode ?? 'skipInvalid', row.written)
      await this.k.importJobs.abandon(id, { code: lost.code, message: lost.message })
      await this.#dropLocal(id)
      row = await this.k.importJobs.get(companyId, id)
    }
    if (!row) throw hostCodes.HST_ERR_IMPORT_NOT_FOUND(id)
    return toJob(row)
  }

  async setPreview(job: ImportJob, settings: ReadSettings, preview: Preview): Promise<ImportJob> {
    const row = await this.k.importJobs.setPreview(job.id, settings, preview)
    if (!row) throw hostCodes.HST_ERR_IMPORT_STARTED(job.id, 'running')
    return toJob(row)
  }

  /** The local copy of the job's file, written from the database when this process has none. */
  async localFile(id: string): Promise<string> {
    const path = this.#path(id)
    if (existsSync(path)) return path
    const part = `${path}.${randomUUID()}.part`
    const out = createWriteStream(part)
    try {
      for await (const chunk of this.k.importJobs.chunks(id)) {
        if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()))
      }
    } finally {
      await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())))
    }
    await rename(part, path)
    return path
  }

  async remove(job: ImportJob): Promise<void> {
    if (job.state === 'running' || !(await this.k.importJobs.remove(job.companyId, job.id))) throw hostCodes.HST_ERR_IMPORT_STARTED(job.id, 'running')
    await this.#dropLocal(job.id)
  }

  /** Removes an upload that was refused before it became a job. */
  async drop(id: string): Promise<void> {
    await this.#dropLocal(id)
    await this.k.importJobs.drop(id)
  }

  /** Marks a job finished: its file goes, its outcome stays for a day. */
  async finish(
    id: string,
    v: { state: 'done' | 'refused' | 'failed'; processed: number; written: number; rejected: number; report: ImportRejection[]; tableId: string | null },
    failure?: { err: unknown },
  ): Promise<void> {
    await this.#dropLocal(id)
    await this.k.importJobs.finish(id, { ...v, error: failure ? importError(failure.err) : null })
  }

  /**
   * Expiry, for any process to run (one DELETE); then this process's local copies of jobs that
   * ended, expired or were deleted through another process go too.
   */
  async sweep(): Promise<number> {
    const swept = await this.k.importJobs.sweep(UPLOAD_TTL_MS, FINISHED_TTL_MS)
    const local = (await readdir(this.#dir)).filter((f) => !f.endsWith('.part'))
    const live = await this.k.importJobs.live(local)
    for (const id of local) if (!live.has(id)) await this.#dropLocal(id)
    return swept
  }

  #path(id: string): string {
    return join(this.#dir, id)
  }

  async #dropLocal(id: string): Promise<void> {
    await rm(this.#path(id), { force: true })
  }

  /** Server close: every local copy goes (the database keeps the files). */
  close(): void {
    clearInterval(this.#sweeper)
    rmSync(this.#dir, { recursive: true, force: true })
  }
}
