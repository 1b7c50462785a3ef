import type { Database, Executor } from '../db/executor.ts'

/** Index builds running after their schema change's commit, per database this process holds. */
const running = new WeakMap<Database, Set<Promise<unknown>>>()

/** How long a schema change waits for builds before it goes ahead anyway (a build may wait on a long transaction elsewhere). */
const MAX_WAIT_MS = 10_000

/** Tracks a build until it settles; answers the same promise. */
export function trackIndexBuild<T>(db: Database, build: Promise<T>): Promise<T> {
  let set = running.get(db)
  if (!set) running.set(db, (set = new Set()))
  const builds = set
  builds.add(build)
  const done = (): void => void builds.delete(build)
  build.then(done, done)
  return build
}

/**
 * Resolves once this process's index builds have settled (at most MAX_WAIT_MS). A schema change,
 * a view or a row rule that takes a lock on a table waits for them first: `CREATE INDEX
 * CONCURRENTLY` holds its table's SHARE UPDATE EXCLUSIVE lock while it waits for every older
 * transaction to end, so a transaction that asks for a lock on that table after it began is a
 * deadlock, which PostgreSQL ends by refusing the user's change (seen as a 409 on creating a view
 * right after its table). Builds are per table and short; this waits for all of them, since a
 * change reaches related tables too. Another server process's build can still meet a change: that
 * one answers 409 "try again", as any deadlock does.
 */
async function indexBuildsSettled(db: Database): Promise<void> {
  const set = running.get(db)
  if (!set?.size) return
  let timer: NodeJS.Timeout | undefined
  const limit = new Promise<void>((resolve) => (timer = setTimeout(resolve, MAX_WAIT_MS)))
  try {
    await Promise.race([Promise.allSettled([...set]), limit])
  } finally {
    clearTimeout(timer)
  }
}

/**
 * The one way to open a transaction that takes a table's schema lock, changes a table or builds an
 * index inside it: it waits for this process's index builds first (see `indexBuildsSettled`), so
 * the next schema-changing service cannot forget to.
 */
export async function schemaTransaction<T>(db: Database, fn: (tx: Executor) => Promise<T>): Promise<T> {
  await indexBuildsSettled(db)
  return db.transaction(fn)
}

/**
 * Runs `fn` once this process's index builds have settled. For a VACUUM or ANALYZE after a
 * change's commit: both take their table's SHARE UPDATE EXCLUSIVE lock, and a build that waits for
 * older transactions to end while the maintenance waits for its lock is a deadlock (PostgreSQL
 * then ends the maintenance, leaving the table without fresh statistics). Also for a read of a
 * table's indexes that must see a just-created table's builds done (an import's deferral).
 */
export async function afterIndexBuilds<T>(db: Database, fn: () => Promise<T>): Promise<T> {
  await indexBuildsSettled(db)
  return fn()
}
