import { randomUUID } from 'node:crypto'
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from '@docpal/plugin-sdk'
import { migrateKernel } from '../src/db/migrate.ts'
import { openPostgres } from '../src/db/postgres-driver.ts'
import type { Database } from '../src/db/executor.ts'
import { EventBus } from '../src/events/bus.ts'
import { createLogger } from '../src/logger.ts'
import { CompanyPluginSettings } from '../src/plugins/company-settings.ts'
import { PluginSettings } from '../src/plugins/plugin-settings.ts'
import { shareSettingsChanges } from '../src/plugins/settings-changes.ts'
import { DB_KIND, createTestDatabase, type TestDatabase } from '../../test/support/test-server.ts'

/**
 * Plugin settings saved in one server process reach the plugin in another on the same PostgreSQL
 * (issue 19). Two "processes" here: two pools of their own on one database, each with the kernel's
 * settings stores and a plugin's change listeners, as two servers have (an in-process server pair
 * would share the plugin's module, and so its state). PostgreSQL only: PGlite has one process.
 */
describe.skipIf(DB_KIND !== 'postgres')('plugin settings across server processes', () => {
  let test: TestDatabase
  const pools: Database[] = []
  const schema = z.object({ greeting: z.string().default('Hello') })
  const logger = createLogger('silent')

  async function process() {
    const db = openPostgres(test.url!)
    pools.push(db)
    const settings = new PluginSettings(db, new EventBus(logger), logger)
    const company = new CompanyPluginSettings(db, logger)
    await settings.load('fixture', schema)
    company.declare('fixture', schema)
    const heard = { instance: [] as unknown[], company: [] as Array<[string, unknown]> }
    settings.listen('fixture', (v) => void heard.instance.push(v))
    company.listen('fixture', (c, v) => void heard.company.push([c, v]))
    await shareSettingsChanges(db, logger, settings, company)
    return { settings, company, heard }
  }
  const until = async (ok: () => boolean) => {
    for (let i = 0; i < 50 && !ok(); i++) await new Promise((r) => setTimeout(r, 100))
  }

  beforeAll(async () => {
    test = await createTestDatabase()
    await migrateKernel(test.db)
  })
  afterAll(async () => {
    for (const p of pools) await p.close()
    await test.db.close()
    await test.drop()
  })

  it("an instance setting and a company's setting saved in one process are read again and heard in the other", async () => {
    const a = await process()
    const b = await process()
    const companyId = randomUUID()
    await test.db.query(sql`insert into companies (id, name, slug) values (${companyId}::uuid, 'Acme', ${`acme-${companyId.slice(0, 8)}`})`)
    // B has read (and cached) the company's value before the change.
    expect(await b.company.value('fixture', companyId)).toEqual({ greeting: 'Hello' })
    await a.settings.save('fixture', { greeting: 'Hi' })
    await a.company.save('fixture', companyId, { greeting: 'Ahoy' })
    await until(() => b.heard.instance.length > 0 && b.heard.company.length > 0)
    expect(b.settings.value('fixture')).toEqual({ greeting: 'Hi' })
    expect(b.heard.instance).toEqual([{ greeting: 'Hi' }])
    expect(await b.company.value('fixture', companyId)).toEqual({ greeting: 'Ahoy' })
    expect(b.heard.company).toEqual([[companyId, { greeting: 'Ahoy' }]])
    // The saving process heard its own save once, not again through the channel.
    await new Promise((r) => setTimeout(r, 300))
    expect(a.heard.instance).toEqual([{ greeting: 'Hi' }])
    expect(a.heard.company).toEqual([[companyId, { greeting: 'Ahoy' }]])
  })
})
