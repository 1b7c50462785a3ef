import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium, selectors, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { startTestServer, type TestServer } from '../../support/test-server.ts'

export const SCREENSHOTS = fileURLToPath(new URL('../../../test-results/screenshots/', import.meta.url))
const CHROMIUM = process.env['DOCPAL_CHROMIUM'] ?? '/usr/bin/chromium'

// Our components mark what tests reach with `data-test`.
selectors.setTestIdAttribute('data-test')

export interface E2E {
  readonly server: TestServer
  readonly browser: Browser
  readonly context: BrowserContext
  readonly page: Page
  /** Absolute URL of a path on the test server. */
  url(path: string): string
  /** Saves a full-page screenshot under test-results/screenshots/<name>.png and answers the path. */
  shot(name: string, page?: Page): Promise<string>
  /** Errors the page threw or logged; a flow test asserts there were none. */
  readonly pageErrors: string[]
  close(): Promise<void>
}

export interface E2EOptions {
  pluginDirs?: string[]
  viewport?: { width: number; height: number }
  colorScheme?: 'light' | 'dark'
}

/**
 * A real server on a fresh database, and Debian's Chromium driven by playwright-core (which gives
 * each launch a fresh, temporary profile).
 */
export async function startE2E(opts: E2EOptions = {}): Promise<E2E> {
  const server = await startTestServer(opts.pluginDirs ? { pluginDirs: opts.pluginDirs } : {})
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
  const context = await browser.newContext({ viewport: opts.viewport ?? { width: 1280, height: 800 }, colorScheme: opts.colorScheme ?? 'light' })
  const page = await context.newPage()
  const pageErrors: string[] = []
  page.on('pageerror', (e) => pageErrors.push(e.message))
  page.on('console', (m) => {
    if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) pageErrors.push(m.text())
  })
  await mkdir(SCREENSHOTS, { recursive: true })
  return {
    server,
    browser,
    context,
    page,
    pageErrors,
    url: (path) => server.url + path,
    async shot(name, p = page) {
      const file = join(SCREENSHOTS, `${name}.png`)
      await p.screenshot({ path: file, fullPage: true })
      return file
    },
    async close() {
      await browser.close().catch(() => undefined)
      await server.close()
    },
  }
}
