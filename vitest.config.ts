import vue from '@vitejs/plugin-vue'
import { configDefaults, defineConfig } from 'vitest/config'

/**
 * One suite, two databases: every integration test runs once on PostgreSQL (a fresh database of
 * its own) and once on embedded PGlite. Unit tests run in the `unit` project only.
 */
// test/reliability/ is included here in its short form (a trial or two per kind, a few seconds of
// writers, a few fuzz runs per operation); `pnpm test:reliability` runs its long form.
const integration = ['test/**/*.test.ts', 'kernel/test/**/*.test.ts', 'host-server/test/**/*.test.ts']
// A plugin's own tests over a real kernel (@docpal/plugin-testing boots its own PGlite).
const pluginOwn = ['examples/*/test/**/*.test.ts']
const e2e = ['test/e2e/**/*.e2e.test.ts']
// Component tests: Vue components of the shell and of plugin client halves, in happy-dom.
const web = [
  'examples/*/test/**/client*.test.{ts,tsx}',
  'plugin-sdk/src/client/**/*.test.ts',
  'plugins/*/test/client/**/*.test.{ts,tsx}',
  'host-web/src/**/*.test.ts',
  'test/web/**/*.test.ts',
]
// Architecture checks read the sources only (import graph, layers): no database.
const architecture = ['test/architecture/**/*.test.ts']
const unit = ['plugin-sdk/**/*.test.ts', 'plugins/*/test/**/*.test.ts', 'kernel/src/**/*.test.ts', ...architecture]

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      { extends: true, test: { name: 'unit', include: unit, exclude: [...configDefaults.exclude, ...web] } },
      { extends: true, plugins: [vue()], oxc: { jsx: { runtime: 'automatic', importSource: 'vue' } }, test: { name: 'web', include: web, environment: 'happy-dom' } },
      {
        extends: true,
        test: {
          name: 'postgres',
          include: integration,
          exclude: [...configDefaults.exclude, ...e2e, ...web, ...architecture],
          env: { DOCPAL_TEST_DB: 'postgres' },
          globalSetup: ['test/support/global-setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: e2e,
          env: { DOCPAL_TEST_DB: 'postgres' },
          globalSetup: ['test/support/global-setup.ts', 'test/e2e/support/global-setup.ts'],
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'pglite',
          include: [...integration, ...pluginOwn],
          exclude: [...configDefaults.exclude, ...e2e, ...web, ...architecture],
          env: { DOCPAL_TEST_DB: 'pglite' },
          globalSetup: ['test/support/global-setup.ts'],
        },
      },
    ],
  },
})
