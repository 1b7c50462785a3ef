import { configDefaults, defineConfig } from 'vitest/config'

/**
 * The reliability suite's long form (`pnpm test:reliability`, docs/reliability.md): the trial files
 * of test/reliability on both databases with the counts (RELIABILITY_MODE=long). The same
 * files run in their short form inside `pnpm test`. One file at a time: the kill trials spawn
 * servers, and a 2-core machine shared with a second heavy file would measure the machine.
 */
const include = ['test/reliability/**/*.test.ts']

export default defineConfig({
  test: {
    testTimeout: 6 * 60 * 60_000,
    hookTimeout: 300_000,
    fileParallelism: false,
    projects: [
      {
        extends: true,
        test: {
          name: 'postgres',
          include,
          exclude: [...configDefaults.exclude],
          env: { DOCPAL_TEST_DB: 'postgres', RELIABILITY_MODE: 'long' },
          globalSetup: ['test/support/global-setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'pglite',
          include,
          exclude: [...configDefaults.exclude],
          env: { DOCPAL_TEST_DB: 'pglite', RELIABILITY_MODE: 'long' },
          globalSetup: ['test/support/global-setup.ts'],
        },
      },
    ],
  },
})
