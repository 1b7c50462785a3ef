import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DocPalError } from '@docpal/plugin-sdk'
import type { ImportMode, ImportRejection } from '@docpal/kernel'
import { hostCodes } from '../errors/codes.ts'
import type { Preview, ReadSettings } from './import-file.ts'
import type { UploadFacts } from './upload.ts'

export type ImportState = 'uploaded' | 'running' | 'done' | 'refused' | 'failed'

/** One uploaded file and, once started, its import: what GET /api/imports/:id answers. */
export interface ImportJob {
  readonly id: string
  readonly companyId: string
  readonly fileName: string
  readonly size: number
  readonly path: string
  readonly facts: UploadFacts
  readonly createdAt: string
  settings: ReadSettings
  preview: Preview
  state: ImportState
  mode: ImportMode | null
  tableId: string | null
  processed: number
  written: number
  rejected: number
  report: ImportRejection[]
  error: { code: string; message: string; path?: ReadonlyArray<string | number> } | null
  finishedAt: string | null
}

/** Uploads not started are dropped after an hour; finished imports (their report) after a day. */
const UPLOAD_TTL_MS = 60 * 60 * 1000
const FINISHED_TTL_MS = 24 * 60 * 60 * 1000

/**
 * The imports of this process, in memory (one server process per database, README), with their
 * files in a private temporary folder removed when the import ends, expires or the server stops.
 */
export class ImportJobs {
  readonly #jobs = new Map<string, ImportJob>()
  readonly #dir = mkdtempSync(join(tmpdir(), 'docpal-imports-'))
  readonly #sweeper = setInterval(() => this.#sweep(), 5 * 60 * 1000).unref()

  newPath(): { id: string; path: string } {
    const id = randomUUID()
    return { id, path: join(this.#dir, id) }
  }

  add(job: ImportJob): void {
    this.#jobs.set(job.id, job)
  }

  /** The job of the caller's company (another company's id is unknown, as any id would be). */
  get(companyId: string, id: string): ImportJob {
    const job = this.#jobs.get(id)
    if (!job || job.companyId !== companyId) throw hostCodes.HST_ERR_IMPORT_NOT_FOUND(id)
    return job
  }

  async remove(job: ImportJob): Promise<void> {
    if (job.state === 'running') throw hostCodes.HST_ERR_IMPORT_STARTED(job.id, job.state)
    this.#jobs.delete(job.id)
    await rm(job.path, { force: true })
  }

  /** Removes the file of an upload that was refused before it became a job. */
  async drop(path: string): Promise<void> {
    await rm(path, { force: true })
  }

  /** Marks a job finished: its file goes, its report stays for a day. */
  async finish(job: ImportJob, state: ImportState, err?: unknown): Promise<void> {
    job.state = state
    job.finishedAt = new Date().toISOString()
    if (err !== undefined) {
      job.error =
        err instanceof DocPalError && err.status < 500
          ? { code: err.code, message: err.message, ...(err.path ? { path: err.path } : {}) }
          : { code: hostCodes.HST_ERR_INTERNAL.code, message: hostCodes.HST_ERR_INTERNAL().message }
    }
    await rm(job.path, { force: true })
  }

  #sweep(): void {
    const now = Date.now()
    for (const job of this.#jobs.values()) {
      const age = now - Date.parse(job.finishedAt ?? job.createdAt)
      if ((job.state === 'uploaded' && age > UPLOAD_TTL_MS) || (job.finishedAt && age > FINISHED_TTL_MS)) {
        this.#jobs.delete(job.id)
        void rm(job.path, { force: true })
      }
    }
  }

  /** Server close: every file goes. */
  close(): void {
    clearInterval(this.#sweeper)
    rmSync(this.#dir, { recursive: true, force: true })
  }
}
