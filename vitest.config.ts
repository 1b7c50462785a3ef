import { defineConfig } from 'vitest/config'

/**
 * One suite, two databases: every integration test runs once on PostgreSQL (a fresh database of
 * its own) and once on embedded PGlite. Unit tests run in the `unit` project only.
 */
const integration = ['test/**/*.test.ts', 'kernel/test/**/*.test.ts', 'host-server/test/**/*.test.ts']
const unit = ['plugin-sdk/**/*.test.ts', 'plugins/*/test/**/*.test.ts', 'kernel/src/**/*.test.ts']

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      { extends: true, test: { name: 'unit', include: unit } },
      { extends: true, test: { name: 'postgres', include: integration, env: { DOCPAL_TEST_DB: 'postgres' }, globalSetup: ['test/support/global-setup.ts'] } },
      { extends: true, test: { name: 'pglite', include: integration, env: { DOCPAL_TEST_DB: 'pglite' }, globalSetup: ['test/support/global-setup.ts'] } },
    ],
  },
})
