import { describe, expect, it } from 'vitest'
import { openPglite } from '@docpal/kernel'
import { loadConfig } from '../src/config.ts'
import { DB_KIND } from '../../test/support/test-server.ts'

// Pure parsing of the environment: once, in the PGlite project.
describe.runIf(DB_KIND === 'pglite')('settings from the environment', () => {
  it('takes a relative DOCPAL_DATA_DIR from the folder the command was typed in (pnpm runs the server in host-server/)', () => {
    expect(loadConfig({ INIT_CWD: '/srv/docpal' }).dataDir).toBe('/srv/docpal/data')
    expect(loadConfig({ INIT_CWD: '/srv/docpal', DOCPAL_DATA_DIR: 'state' }).dataDir).toBe('/srv/docpal/state')
    expect(loadConfig({ INIT_CWD: '/srv/docpal', DOCPAL_DATA_DIR: '/var/lib/docpal' }).dataDir).toBe('/var/lib/docpal')
    expect(loadConfig({}).dataDir).toBe(`${process.cwd()}/data`)
  })

  it('reads the limits and refuses values out of range, naming the setting', () => {
    const c = loadConfig({ DOCPAL_STATEMENT_TIMEOUT_MS: '5000', DOCPAL_BULK_CONCURRENCY: '3', DOCPAL_MAX_RESPONSE: '1048576' })
    expect(c.statementTimeoutMs).toBe(5000)
    expect(c.http).toMatchObject({ bulkConcurrency: 3, bulkQueue: 64, maxResponse: 1_048_576, maxBulkBody: 64 * 1024 * 1024 })
    expect(() => loadConfig({ DOCPAL_BULK_CONCURRENCY: '0' })).toThrow('DOCPAL_BULK_CONCURRENCY')
    expect(() => loadConfig({ DOCPAL_STATEMENT_TIMEOUT_MS: '-1' })).toThrow('DOCPAL_STATEMENT_TIMEOUT_MS')
  })

  it('bounds the development outbox: a week and a thousand mails unless DOCPAL_OUTBOX_KEEP_* say otherwise', () => {
    expect(loadConfig({}).mail?.outbox).toEqual({ keepDays: 7, keepMails: 1000 })
    expect(loadConfig({ DOCPAL_OUTBOX_KEEP_DAYS: '2', DOCPAL_OUTBOX_KEEP_MAILS: '50' }).mail?.outbox).toEqual({ keepDays: 2, keepMails: 50 })
    expect(() => loadConfig({ DOCPAL_OUTBOX_KEEP_MAILS: '0' })).toThrow('DOCPAL_OUTBOX_KEEP_MAILS')
    expect(() => loadConfig({ DOCPAL_OUTBOX_KEEP_DAYS: 'soon' })).toThrow('DOCPAL_OUTBOX_KEEP_DAYS')
  })

  it('runs embedded PGlite with 32MB of shared buffers unless DOCPAL_PGLITE_SHARED_BUFFERS says otherwise', async () => {
    expect(loadConfig({}).pgliteSharedBuffers).toBe('32MB')
    expect(loadConfig({ DOCPAL_PGLITE_SHARED_BUFFERS: '64MB' }).pgliteSharedBuffers).toBe('64MB')
    expect(() => loadConfig({ DOCPAL_PGLITE_SHARED_BUFFERS: '64MB; drop table x' })).toThrow('DOCPAL_PGLITE_SHARED_BUFFERS')
    for (const [opts, shown] of [
      [{}, '32MB'],
      [{ sharedBuffers: '24MB' }, '24MB'],
    ] as const) {
      const db = await openPglite(opts)
      try {
        expect((await db.run<{ shared_buffers: string }>('show shared_buffers', []))[0]?.shared_buffers).toBe(shown)
      } finally {
        await db.close()
      }
    }
  })
})
