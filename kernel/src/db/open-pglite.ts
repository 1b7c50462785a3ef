import type { Database } from './executor.ts'

// PGlite's WASM build costs ~50 MB of memory once imported: load it only when PostgreSQL is not used.
export async function openPglite(opts: { dataDir?: string; loadDataDir?: Blob } = {}): Promise<Database> {
  return (await import('./pglite-driver.ts')).openPglite(opts)
}

export async function dumpPglite(db: Database): Promise<Blob> {
  return (await import('./pglite-driver.ts')).dumpPglite(db)
}
