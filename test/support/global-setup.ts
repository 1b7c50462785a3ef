import { mkdir, writeFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { dumpPglite, migrateKernel, openPglite } from '@docpal/kernel'
import postgres from 'postgres'
import type { TestProject } from 'vitest/node'
import { ensureServerBuilt } from './compiled-server.ts'

export const SEED_FILE = fileURLToPath(new URL('../../.vitest-tmp/pglite-seed.tar', import.meta.url))

/**
 * PGlite: initialising a database costs seconds, so one migrated database is dumped once and
 * every test file starts from a copy. PostgreSQL: checks the server answers (CI must have it).
 * Both: the compiled server is brought up to date for the tests that start it as users do.
 */
export default async function setup(project: TestProject): Promise<void> {
  // Tests that start the server the way users do run the compiled build: bring it up to date once.
  await ensureServerBuilt()
  if (process.env['DOCPAL_TEST_DB'] === 'pglite' || project.config.env?.['DOCPAL_TEST_DB'] === 'pglite') {
    const db = await openPglite()
    await migrateKernel(db)
    const blob = await dumpPglite(db)
    await db.close()
    await mkdir(fileURLToPath(new URL('../../.vitest-tmp/', import.meta.url)), { recursive: true })
    await writeFile(SEED_FILE, Buffer.from(await blob.arrayBuffer()))
    return
  }
  const url = process.env['DOCPAL_TEST_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres'
  const sql = postgres(url, { max: 1, onnotice: () => {} })
  try {
    await sql`select 1`
  } catch (err) {
    throw new Error(`PostgreSQL is not reachable at ${url} (set DOCPAL_TEST_PG_URL): ${String(err)}`, { cause: err })
  } finally {
    await sql.end()
  }
}
