import type { Database } from './executor.ts'

export interface PgliteOptions {
  /** The database's folder; unset: in memory. */
  dataDir?: string
  /** A dump to start from (tests). */
  loadDataDir?: Blob
  /** PostgreSQL's shared_buffers; unset: `PGLITE_SHARED_BUFFERS`. */
  sharedBuffers?: string
}

/**
 * PGlite's default (128MB, from initdb) costs ~120 MB of resident memory on its own. With 32MB a
 * filtered, sorted page of a 1M-row table took 5-8% longer (it is read through the OS cache, not
 * PGlite's buffers), 16MB ~40% longer on 200k rows; the data dir opens ~100 ms sooner. Measured in
 * docs/benchmarks.md ("Embedded PGlite: memory").
 */
export const PGLITE_SHARED_BUFFERS = '32MB'

// PGlite's WASM build costs ~50 MB of memory once imported: load it only when PostgreSQL is not used.
export async function openPglite(opts: PgliteOptions = {}): Promise<Database> {
  return (await import('./pglite-driver.ts')).openPglite(opts)
}

export async function dumpPglite(db: Database): Promise<Blob> {
  return (await import('./pglite-driver.ts')).dumpPglite(db)
}
