import { pathToFileURL } from 'node:url'
import { eq } from 'drizzle-orm'
import type { ServerPlugin } from '@docpal/plugin-sdk'
import type { Database } from '../db/executor.ts'
import { pluginMigrations } from '../db/schema.ts'
import type { Entry } from './plugin-entry.ts'

/** Imports a plugin's server half; none for a client-only plugin. */
export async function importServer(entry: Entry): Promise<ServerPlugin | undefined> {
  const file = entry.discovered?.serverEntry
  if (!file) return undefined
  // An updated plugin keeps its folder; a new URL makes the module cache load the new code.
  const url = pathToFileURL(file).href + (entry.sha256 ? `?v=${entry.sha256.slice(0, 16)}` : '')
  const mod = (await import(url)) as { default?: ServerPlugin }
  const server = mod.default
  if (!server || typeof server !== 'object' || server.pluginId !== entry.id) {
    // The caller records this as the plugin's failure reason and wraps it in KRN_ERR_PLUGIN_LOAD_FAILED.
    throw new Error(`its server half must default-export defineServerPlugin(...) for id '${entry.id}'`)
  }
  return server
}

/** Applies the plugin's own migrations not applied yet, in id order, in one transaction. */
export async function migratePlugin(db: Database, pluginId: string, server: ServerPlugin): Promise<void> {
  const migrations = [...(server.migrations ?? [])].sort((a, b) => a.id.localeCompare(b.id))
  if (!migrations.length) return
  await db.transaction(async (tx) => {
    const done = new Set((await tx.orm.select().from(pluginMigrations).where(eq(pluginMigrations.pluginId, pluginId))).map((r) => r.id))
    for (const m of migrations) {
      if (done.has(m.id)) continue
      await tx.exec(m.sql)
      await tx.orm.insert(pluginMigrations).values({ pluginId, id: m.id })
    }
  })
}
