import { cp, mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium, selectors, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core'
import { startTestServer, type TestServer } from '../../support/test-server.ts'
import type { TestSession } from '../../support/sessions.ts'
import { ensureWebBuilt } from './web-build.ts'

const WEB_DIST = fileURLToPath(new URL('../../../host-web/dist/', import.meta.url))

/** A private copy of the built app, so a rebuild during the test cannot pull files from under it. */
async function copyWeb(): Promise<string> {
  ensureWebBuilt()
  const dir = await mkdtemp(join(tmpdir(), 'docpal-web-'))
  for (let attempt = 0; ; attempt++) {
    try {
      await cp(WEB_DIST, dir, { recursive: true })
      return dir
    } catch (err) {
      if (attempt > 20) throw err
      await new Promise((r) => setTimeout(r, 250)) // a build was swapping dist in
    }
  }
}

/** Puts a session's cookies into a browser context, as a login through the page would. */
export async function signInBrowser(context: BrowserContext, url: string, session: TestSession): Promise<void> {
  await context.addCookies([
    { name: 'docpal_session', value: session.secret, url, httpOnly: true, sameSite: 'Lax' },
    { name: 'docpal_csrf', value: session.csrf, url, sameSite: 'Lax' },
  ])
}

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
  /** Another browser context (a phone, a second window), signed in as the owner like the first. */
  newContext(options?: BrowserContextOptions): Promise<BrowserContext>
  /** Errors the page threw or logged; a flow test asserts there were none. */
  readonly pageErrors: string[]
  /** Warnings the page logged (Chromium's preload and deprecation notices among them). */
  readonly consoleWarnings: string[]
  close(): Promise<void>
}

export interface E2EOptions {
  pluginDirs?: string[]
  viewport?: { width: number; height: number }
  colorScheme?: 'light' | 'dark'
  /** Where the server keeps installed plugins (a temp dir of the test's own); unset: none writable. */
  dataDir?: string
  /** Plugin catalog file or URL; unset: the catalog shipped with DocPal. */
  catalog?: string
  /** A list query this slow (ms) counts towards an index proposal; 0 makes every one count. */
  slowQueryMs?: number
  /** false: the browser starts signed out and nobody has signed up (first-run tests). Default: signed in as the owner. */
  signedIn?: boolean
}

/**
 * A real server on a fresh database, and Debian's Chromium driven by playwright-core (which gives
 * each launch a fresh, temporary profile).
 */
export async function startE2E(opts: E2EOptions = {}): Promise<E2E> {
  const webDist = await copyWeb()
  const server = await startTestServer({
    webDist,
    ...(opts.pluginDirs ? { pluginDirs: opts.pluginDirs } : {}),
    ...(opts.dataDir ? { dataDir: opts.dataDir } : {}),
    ...(opts.catalog ? { catalog: opts.catalog } : {}),
    ...(opts.slowQueryMs !== undefined ? { slowQueryMs: opts.slowQueryMs } : {}),
    ...(opts.signedIn === false ? { firstAccount: false } : {}),
  })
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
  const context = await browser.newContext({ viewport: opts.viewport ?? { width: 1280, height: 800 }, colorScheme: opts.colorScheme ?? 'light' })
  if (opts.signedIn !== false) await signInBrowser(context, server.url, server.owner)
  const page = await context.newPage()
  const pageErrors: string[] = []
  const consoleWarnings: string[] = []
  page.on('pageerror', (e) => pageErrors.push(e.message))
  page.on('console', (m) => {
    if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) pageErrors.push(m.text())
    if (m.type() === 'warning') consoleWarnings.push(m.text())
  })
  await mkdir(SCREENSHOTS, { recursive: true })
  return {
    server,
    browser,
    context,
    page,
    pageErrors,
    consoleWarnings,
    url: (path) => server.url + path,
    async newContext(options) {
      const ctx = await browser.newContext(options)
      if (opts.signedIn !== false) await signInBrowser(ctx, server.url, server.owner)
      return ctx
    },
    async shot(name, p = page) {
      const file = join(SCREENSHOTS, `${name}.png`)
      // Transitions are finished first: a dialog caught mid-fade is not what a user reads.
      await p.screenshot({ path: file, fullPage: true, animations: 'disabled' })
      return file
    },
    async close() {
      await browser.close().catch(() => undefined)
      await server.close()
      await rm(webDist, { recursive: true, force: true })
    },
  }
}
