import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { packPlugin, type PackedPlugin } from '@docpal/plugin-sdk/build'
import { migrateKernel } from '../src/db/migrate.ts'
import { pluginPackages } from '../src/db/schema.ts'
import { createLogger } from '../src/logger.ts'
import { DEFAULT_ARCHIVE_LIMITS } from '../src/plugins/archive-limits.ts'
import { readInstallRecord } from '../src/plugins/install-folder.ts'
import { storedPackages, unpackAllStored, unpackStored } from '../src/plugins/plugin-packages.ts'
import { EXAMPLE_RATING } from '../../test/support/plugin-packages.ts'
import { createTestDatabase, type TestDatabase } from '../../test/support/test-server.ts'

/**
 * Installed plugin packages kept in the database (issue 19): the tarball's bytes come back whole
 * on both drivers, are unpacked where a folder is missing or holds another version, and a stored
 * tarball whose bytes no longer match its sha256 is never unpacked.
 */
describe('stored plugin packages', () => {
  let test: TestDatabase
  let dir: string
  let rating: PackedPlugin
  let data: Buffer
  const logger = createLogger('silent')
  beforeAll(async () => {
    test = await createTestDatabase()
    await migrateKernel(test.db)
    dir = await mkdtemp(join(tmpdir(), 'docpal-packages-'))
    rating = await packPlugin(EXAMPLE_RATING, { outDir: join(dir, 'built') })
    data = await readFile(rating.file)
  })
  afterAll(async () => {
    await test?.db.close()
    await test?.drop()
    if (dir) await rm(dir, { recursive: true, force: true })
  })

  it('keeps the bytes and unpacks them into an install folder that lacks them', async () => {
    await storedPackages.install(test.db, { id: 'field-rating', version: '1.0.0', sha256: rating.sha256, archive: data })
    const stored = (await test.db.orm.select().from(pluginPackages).where(eq(pluginPackages.id, 'field-rating')))[0]
    expect(Buffer.compare(stored!.archive, data)).toBe(0)
    const installDir = join(dir, 'a')
    expect(await unpackStored(test.db, installDir, 'field-rating', DEFAULT_ARCHIVE_LIMITS)).toBe(join(installDir, 'field-rating'))
    expect(existsSync(join(installDir, 'field-rating', 'dist', 'server.js'))).toBe(true)
    expect((await readInstallRecord(join(installDir, 'field-rating')))?.sha256).toBe(rating.sha256)
    expect(await unpackStored(test.db, installDir, 'no-such-plugin', DEFAULT_ARCHIVE_LIMITS)).toBeUndefined()
  })

  it('refuses a stored tarball whose bytes do not match its sha256', async () => {
    const tampered = Buffer.from(data)
    tampered[tampered.length - 20] = (tampered[tampered.length - 20] ?? 0) ^ 0xff
    await test.db.orm.update(pluginPackages).set({ archive: tampered }).where(eq(pluginPackages.id, 'field-rating'))
    const installDir = join(dir, 'b')
    await expect(unpackStored(test.db, installDir, 'field-rating', DEFAULT_ARCHIVE_LIMITS)).rejects.toThrow(/sha256 is [0-9a-f]{64}, not the recorded/)
    expect(existsSync(join(installDir, 'field-rating'))).toBe(false)
    await test.db.orm.update(pluginPackages).set({ archive: data }).where(eq(pluginPackages.id, 'field-rating'))
  })

  it('at boot: unpacks every stored package and removes the folder of one uninstalled meanwhile', async () => {
    const installDir = join(dir, 'c')
    await unpackAllStored(test.db, installDir, DEFAULT_ARCHIVE_LIMITS, logger)
    expect(existsSync(join(installDir, 'field-rating', 'package.json'))).toBe(true)
    await storedPackages.uninstall(test.db, 'field-rating')
    await unpackAllStored(test.db, installDir, DEFAULT_ARCHIVE_LIMITS, logger)
    expect(existsSync(join(installDir, 'field-rating'))).toBe(false)
  })
})
