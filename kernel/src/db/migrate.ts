import { readdir, readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { sql } from 'drizzle-orm'
import type { Database } from './executor.ts'

const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations/', import.meta.url))
// Any fixed number: serialises boots of several host-server instances on one database.
const MIGRATION_LOCK = 720_401

/** Applies the kernel's checked-in SQL migrations, in file-name order, each in its transaction. */
export async function migrateKernel(db: Database): Promise<string[]> {
  const files = (await readdir(MIGRATIONS_DIR)).filter((f) => f.endsWith('.sql')).sort()
  const applied: string[] = []
  await db.transaction(async (tx) => {
    // Migrations may rewrite large tables: the pool's statement timeout does not apply to them.
    await tx.query(sql`set local statement_timeout = 0`)
    await tx.query(sql`select pg_advisory_xact_lock(${MIGRATION_LOCK})`)
    await tx.exec(`create table if not exists docpal_migrations (id text primary key, applied_at timestamptz not null default now())`)
    const done = new Set((await tx.query<{ id: string }>(sql`select id from docpal_migrations`)).map((r) => r.id))
    for (const file of files) {
      if (done.has(file)) continue
      await tx.exec(await readFile(MIGRATIONS_DIR + file, 'utf8'))
      await tx.query(sql`insert into docpal_migrations (id) values (${file})`)
      applied.push(file)
    }
  })
  return applied
}
