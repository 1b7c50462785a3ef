import { readdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { eq } from 'drizzle-orm'
import type { Database } from '../db/executor.ts'
import { pluginPackages, pluginState } from '../db/schema.ts'
import type { Logger } from '../logger.ts'
import type { ArchiveLimits } from './archive-limits.ts'
import { linkSdk, placePluginFolder, readInstallRecord } from './install-folder.ts'
import { readPluginArchive, sha256Hex } from './plugin-archive.ts'
import { describeError } from './plugin-entry.ts'

/** An installed tarball as the installer stores it. */
export interface StoredPackage {
  readonly id: string
  readonly version: string
  readonly sha256: string
  readonly archive: Buffer
}

/**
 * Installed plugin packages live in the database (issue 19), so every server process on it runs
 * the same files: the process that installs stores the tarball; each process unpacks it into its
 * own install folder when it is missing or another version, after checking its sha256.
 */
export const storedPackages = {
  /** A new install: the tarball and its state (disabled), together. */
  async install(db: Database, p: StoredPackage): Promise<void> {
    await db.transaction(async (tx) => {
      await tx.orm
        .insert(pluginPackages)
        .values(p)
        .onConflictDoUpdate({ target: pluginPackages.id, set: { version: p.version, sha256: p.sha256, archive: p.archive, installedAt: new Date().toISOString() } })
      await tx.orm
        .insert(pluginState)
        .values({ id: p.id, enabled: false })
        .onConflictDoUpdate({ target: pluginState.id, set: { enabled: false, updatedAt: new Date().toISOString() } })
    })
  },

  async update(db: Database, p: StoredPackage): Promise<void> {
    await db.orm.update(pluginPackages).set({ version: p.version, sha256: p.sha256, archive: p.archive, installedAt: new Date().toISOString() }).where(eq(pluginPackages.id, p.id))
  },

  /** Uninstalled: the tarball and the state go (the plugin's own tables stay, as before). */
  async uninstall(db: Database, id: string): Promise<void> {
    await db.transaction(async (tx) => {
      await tx.orm.delete(pluginPackages).where(eq(pluginPackages.id, id))
      await tx.orm.delete(pluginState).where(eq(pluginState.id, id))
    })
  },

  /** Which packages are stored, without their bytes. */
  digests(db: Database): Promise<Array<{ id: string; sha256: string }>> {
    return db.orm.select({ id: pluginPackages.id, sha256: pluginPackages.sha256 }).from(pluginPackages)
  },
}

/**
 * Makes `<installDir>/<id>` hold the stored package `id` (unpacking it when the folder is missing
 * or holds another version); answers the folder, or undefined when no package is stored. A tarball
 * whose bytes do not match its stored sha256 is refused, never unpacked.
 */
export async function unpackStored(db: Database, installDir: string, id: string, limits: ArchiveLimits): Promise<string | undefined> {
  const digest = (await db.orm.select({ sha256: pluginPackages.sha256 }).from(pluginPackages).where(eq(pluginPackages.id, id)))[0]
  if (!digest) return undefined
  const dir = join(installDir, id)
  if ((await readInstallRecord(dir))?.sha256 === digest.sha256) return dir
  const row = (await db.orm.select().from(pluginPackages).where(eq(pluginPackages.id, id)))[0]
  if (!row) return undefined
  const actual = sha256Hex(row.archive)
  if (actual !== row.sha256) throw new Error(`its stored tarball's sha256 is ${actual}, not the recorded ${row.sha256}: not unpacked`)
  const archive = await readPluginArchive(row.archive, limits)
  const placed = await placePluginFolder(installDir, id, archive.files, { sha256: row.sha256, installedAt: row.installedAt })
  await placed.commit()
  await linkSdk(installDir)
  return placed.dir
}

/**
 * Before discovery at boot: every stored package unpacked into the install folder, and folders of
 * packages uninstalled meanwhile (no package, no state) removed. A folder installed before packages
 * were stored (a state but no package) stays, and is named: only this process has it.
 */
export async function unpackAllStored(db: Database, installDir: string, limits: ArchiveLimits, logger: Logger): Promise<void> {
  const stored = new Set((await storedPackages.digests(db)).map((p) => p.id))
  for (const id of stored) {
    await unpackStored(db, installDir, id, limits).catch((err: unknown) =>
      logger.error(`plugin '${id}': its stored package cannot be unpacked: ${describeError(err)}`, { plugin: id }),
    )
  }
  const states = new Set((await db.orm.select({ id: pluginState.id }).from(pluginState)).map((s) => s.id))
  let names: string[]
  try {
    names = await readdir(installDir)
  } catch {
    return
  }
  for (const name of names) {
    if (name.startsWith('.') || name === 'node_modules' || stored.has(name)) continue
    if (!(await readInstallRecord(join(installDir, name)))) continue
    if (states.has(name))
      logger.warn(`plugin '${name}' was installed in this process only (before packages were kept in the database): install it again to share it`, { plugin: name })
    else await rm(join(installDir, name), { recursive: true, force: true })
  }
}
