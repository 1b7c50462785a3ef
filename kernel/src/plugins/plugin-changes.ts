import { rm } from 'node:fs/promises'
import { eq } from 'drizzle-orm'
import type { PluginChangeReason } from '@docpal/plugin-sdk'
import type { Database } from '../db/executor.ts'
import { announcedJson, processChannel, type Announce } from '../db/process-channel.ts'
import { pluginPackages, pluginState } from '../db/schema.ts'
import type { Logger } from '../logger.ts'
import { readPluginPackage } from './discovery.ts'
import type { PluginLifecycle, PluginRuntime } from './lifecycle.ts'
import { describeError, type Entry } from './plugin-entry.ts'
import { unpackStored } from './plugin-packages.ts'
import { pluginGeneration } from './plugin-generation.ts'

/** The channel on which server processes sharing a PostgreSQL database announce plugin installs, updates, enables, disables and uninstalls. */
export const PLUGINS_CHANNEL = 'docpal_plugins'

/**
 * Plugin changes made through another server process on the same database (issue 19), applied to
 * this one: the database says which package (sha256) and which state (enabled or not) each plugin
 * has; this process unpacks, loads, unloads or removes until it matches. The process that made the
 * change has done the checks (in use, dependencies, migrations) and emitted the domain events
 * (`plugin.enabled`...): here only `plugins.changed`, so caches and routes follow.
 */
export class PluginFollower {
  constructor(
    private readonly rt: PluginRuntime,
    private readonly lifecycle: PluginLifecycle,
  ) {}

  /** Every plugin this process or the database knows (one that failed to load here is left failed). */
  async applyAll(): Promise<void> {
    const { db, table } = this.rt
    const ids = new Set([...table.entries.keys()])
    for (const r of await db.orm.select({ id: pluginPackages.id }).from(pluginPackages)) ids.add(r.id)
    for (const r of await db.orm.select({ id: pluginState.id }).from(pluginState)) ids.add(r.id)
    for (const id of ids) await this.apply(id, false)
  }

  /** Every plugin, then the generation read before them is the one applied here. */
  async applyAllAnnounced(): Promise<void> {
    const n = await pluginGeneration(this.rt.db)
    await this.applyAll()
    this.rt.generation.set(n)
  }

  /** An announced change of plugin `id`; if another change came between, every plugin. */
  async applyAnnounced(id: string): Promise<void> {
    const n = await pluginGeneration(this.rt.db)
    await this.apply(id)
    if (!this.rt.generation.advance(n)) await this.applyAllAnnounced()
  }

  /** Plugin `id` as the database has it; `retryFailed` (an announced change): loads one that failed here if it is enabled there, removes one uninstalled there. */
  async apply(id: string, retryFailed = true): Promise<void> {
    const { db, table } = this.rt
    const state = (await db.orm.select({ enabled: pluginState.enabled }).from(pluginState).where(eq(pluginState.id, id)))[0]
    let entry = table.entries.get(id)
    let reason: PluginChangeReason | undefined
    if (entry?.source !== 'builtin') {
      const stored = (await db.orm.select({ sha256: pluginPackages.sha256 }).from(pluginPackages).where(eq(pluginPackages.id, id)))[0]
      if (!stored) {
        // Announced with no package and no state: uninstalled elsewhere. At boot or on a new LISTEN
        // (retryFailed false) such a folder is kept: it may be an install older than stored packages
        // (unpackAllStored names it), and deleting a user's plugin on a guess would lose it.
        if (entry && !state && retryFailed) await this.#remove(entry)
        return
      }
      if (!entry || entry.sha256 !== stored.sha256) {
        reason = entry ? 'updated' : 'installed'
        entry = await this.#unpack(id, entry)
        if (!entry) return
      }
    }
    // Without a manifest nothing can load; a failure stays until a change is announced for it.
    if (!entry.manifest || (entry.status === 'failed' && !retryFailed && !reason)) return
    const want = state?.enabled !== false
    if (want && entry.status !== 'enabled') {
      const missing = entry.manifest.dependsOn.filter((d) => !table.isEnabled(d))
      if (missing.length) table.fail(id, `its dependencies are not enabled: ${missing.join(', ')}`)
      else {
        const loaded = await this.lifecycle.load(entry).then(
          () => true,
          (err: unknown) => (table.fail(id, describeError(err)), false),
        )
        if (loaded) reason ??= 'enabled'
      }
    } else if (!want && entry.status === 'enabled') {
      await this.lifecycle.unload(id)
      entry.status = 'disabled'
      entry.reason = undefined
      reason ??= 'disabled'
    }
    if (reason) this.lifecycle.changed(reason, id)
  }

  /** The stored package unpacked (and checked) into this process's install folder, registered not loaded. */
  async #unpack(id: string, old: Entry | undefined): Promise<Entry | undefined> {
    const { db, table, installDir, archiveLimits, logger } = this.rt
    if (!installDir) return undefined
    if (old?.status === 'enabled') await this.lifecycle.unload(id)
    let entry: Entry
    try {
      const dir = await unpackStored(db, installDir, id, archiveLimits)
      const found = dir ? await readPluginPackage(dir, id) : undefined
      if (!found || 'reason' in found) throw new Error(found?.reason ?? 'its stored package is gone')
      entry = await this.lifecycle.entryOf(found)
    } catch (err) {
      logger.error(`plugin '${id}': the package installed through another server process cannot be unpacked here`, { plugin: id, err: describeError(err) })
      if (old) table.fail(id, describeError(err))
      return undefined
    }
    table.entries.set(id, entry)
    if (!table.order.includes(id)) table.order.push(id)
    return entry
  }

  async #remove(entry: Entry): Promise<void> {
    const { table } = this.rt
    if (entry.status === 'enabled') await this.lifecycle.unload(entry.id)
    await rm(entry.dir, { recursive: true, force: true })
    table.entries.delete(entry.id)
    table.order = table.order.filter((o) => o !== entry.id)
    this.lifecycle.changed('uninstalled', entry.id)
  }
}

/**
 * Listens for plugin changes announced by the other processes and applies each, one at a time
 * through `serial` (the manager's queue, so they never interleave with this process's own
 * changes); a LISTEN that subscribes again re-applies every plugin. Answers how to announce this
 * process's changes; undefined on PGlite (one process).
 */
export async function sharePluginChanges(
  db: Database,
  logger: Logger,
  follower: PluginFollower,
  serial: (fn: () => Promise<void>) => Promise<void>,
): Promise<Announce | undefined> {
  const fail = (what: string) => (err: unknown) => logger.error('plugins: could not apply a change made in another server process', { what, err: describeError(err) })
  const all = () => void serial(() => follower.applyAllAnnounced()).catch(fail('every plugin'))
  const announce = await processChannel(
    db,
    logger,
    PLUGINS_CHANNEL,
    (payload) => {
      const parsed = announcedJson(payload)
      const id = parsed !== null && typeof parsed === 'object' && 'id' in parsed && typeof parsed.id === 'string' ? parsed.id : undefined
      // Not a change this version announces: re-applying everything is the safe reading.
      if (id === undefined) all()
      else void serial(() => follower.applyAnnounced(id)).catch(fail(id))
    },
    all,
  )
  // A change made between this process's boot and its LISTEN was announced to nobody here.
  if (announce) all()
  return announce
}
