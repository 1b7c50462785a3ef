import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openPglite, type Database } from '@docpal/kernel'
import { SEED_FILE } from '../../support/global-setup.ts'
import { createTestDatabase, DB_KIND } from '../../support/test-server.ts'
import type { ServerPlace } from './child-server.ts'

/** Where trial servers keep their data: a fresh PostgreSQL database, or a fresh PGlite data dir seeded from the migrated dump. */
export interface TrialDatabase {
  readonly place: ServerPlace
  /** Runs `fn` on the database while no server runs (PGlite allows one process); PostgreSQL any time. */
  inspect<T>(fn: (db: Database) => Promise<T>): Promise<T>
  drop(): Promise<void>
}

export async function createTrialDatabase(): Promise<TrialDatabase> {
  const dataDir = await mkdtemp(join(tmpdir(), 'docpal-reliability-'))
  if (DB_KIND === 'postgres') {
    const pg = await createTestDatabase()
    return {
      place: { databaseUrl: pg.url, dataDir },
      inspect: (fn) => fn(pg.db),
      async drop() {
        await pg.db.close()
        await pg.drop()
        await rm(dataDir, { recursive: true, force: true })
      },
    }
  }
  const pgliteDir = join(dataDir, 'pglite')
  // Seeding from the dump costs about a second; initialising a fresh data dir about six.
  const seeded = await openPglite({ dataDir: pgliteDir, loadDataDir: new Blob([await readFile(SEED_FILE)]) })
  await seeded.close()
  return {
    place: { databaseUrl: undefined, dataDir },
    async inspect(fn) {
      const db = await openPglite({ dataDir: pgliteDir })
      try {
        return await fn(db)
      } finally {
        await db.close()
      }
    },
    drop: () => rm(dataDir, { recursive: true, force: true }),
  }
}
