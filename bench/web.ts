import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import postgres from 'postgres'
import { chromium, selectors, type BrowserContext } from 'playwright-core'
import { TEN_COLUMNS, api, createBenchDatabase, percentile, report, startServerProcess, time } from './lib.ts'
import { benchSeed } from './seed.ts'

const ENSURE_WEB = fileURLToPath(new URL('../host-web/scripts/ensure-built.mjs', import.meta.url))
const ROWS = 100_000
const ROW = '[data-test="grid-row"]'
const SCROLLER = '[data-test="grid"]'

/**
 * Issue 4's browser figures on a 100k-row table, in Debian's Chromium against the real server in
 * its own process: navigation to first grid page painted (beside the API call for that page),
 * initial JavaScript (gzip) and the longest task while scrolling through the whole table.
 */
export async function benchWeb(): Promise<Record<string, number>> {
  execFileSync(process.execPath, [ENSURE_WEB], { stdio: 'inherit' })
  const db = await createBenchDatabase()
  const server = await startServerProcess(db.url, 18105)
  const raw = postgres(db.url, { max: 2, onnotice: () => {} })
  selectors.setTestIdAttribute('data-test')
  const browser = await chromium.launch({
    executablePath: process.env['DOCPAL_CHROMIUM'] ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
  const out: Record<string, number> = {}
  try {
    const app = await api<{ id: string }>(server.url, 'POST', '/api/apps', { name: 'Bench' })
    const table = await api<{ id: string; tableName: string }>(server.url, 'POST', `/api/apps/${app.id}/tables`, { name: 'Orders', columns: TEN_COLUMNS })
    await benchSeed(raw, table, 0, ROWS)
    const path = `/apps/${app.id}/tables/${table.id}`

    // Warm the server's caches and plugin bundles once, as a running server would have them.
    const signedIn = async (ctx: BrowserContext) => {
      const { secret, csrf } = server.owner.session
      await ctx.addCookies([
        { name: 'docpal_session', value: secret, url: server.url, httpOnly: true, sameSite: 'Lax' },
        { name: 'docpal_csrf', value: csrf, url: server.url, sameSite: 'Lax' },
      ])
      return ctx
    }
    const warm = await (await signedIn(await browser.newContext())).newPage()
    await warm.goto(server.url + path)
    await warm.locator(ROW).first().waitFor()
    await warm.close()

    const paints: number[] = []
    const scripts: number[] = []
    const decoded: number[] = []
    for (let run = 0; run < 7; run++) {
      const context = await signedIn(await browser.newContext({ viewport: { width: 1280, height: 800 } }))
      const page = await context.newPage()
      const js = new Map<string, { wire: number; decoded: number }>()
      // Reading bodies through the DevTools protocol slows the page: sizes come from the first run only.
      if (run === 0)
        page.on('response', async (r) => {
          if (r.request().resourceType() !== 'script') return
          try {
            // As sent (brotli or gzip from the server), and as the page runs it.
            js.set(r.url(), { wire: (await r.request().sizes()).responseBodySize, decoded: (await r.body()).length })
          } catch {
            // navigation ended the body
          }
        })
      await page.goto(server.url + path)
      await page.locator(ROW).first().waitFor()
      const paint = await page.evaluate(() => new Promise<number>((r) => requestAnimationFrame(() => r(performance.now()))))
      await page.waitForLoadState('networkidle')
      if (run === 0) {
        scripts.push([...js.values()].reduce((a, b) => a + b.wire, 0))
        decoded.push([...js.values()].reduce((a, b) => a + b.decoded, 0))
      } else paints.push(paint)
      if (run === 6) {
        // Long tasks while scrolling from top to bottom in wheel steps, as a user flicks through.
        await page.evaluate(() => {
          ;(window as unknown as { longTasks: number[] }).longTasks = []
          new PerformanceObserver((l) => {
            for (const e of l.getEntries()) (window as unknown as { longTasks: number[] }).longTasks.push(e.duration)
          }).observe({ type: 'longtask', buffered: false })
        })
        const box = await page.locator(SCROLLER).boundingBox()
        await page.mouse.move((box?.x ?? 0) + 200, (box?.y ?? 0) + 200)
        for (let i = 0; i < 120; i++) await page.mouse.wheel(0, 2400)
        await page.evaluate((sel) => {
          const el = document.querySelector(sel)!
          el.scrollTop = el.scrollHeight / 2
        }, SCROLLER)
        await page.locator(ROW).first().waitFor()
        await page.evaluate((sel) => {
          const el = document.querySelector(sel)!
          el.scrollTop = el.scrollHeight
        }, SCROLLER)
        await page.waitForTimeout(500) // let the last page load and paint before reading the observer
        const tasks = await page.evaluate(() => (window as unknown as { longTasks: number[] }).longTasks)
        out['longestTaskMs'] = Math.round(Math.max(0, ...tasks))
        out['longTasksOver50'] = tasks.filter((t) => t > 50).length
      }
      await context.close()
    }
    const apiRuns: number[] = []
    for (let i = 0; i < 25; i++) apiRuns.push((await time(() => api(server.url, 'POST', `/api/tables/${table.id}/records/query`, { limit: 100, count: 'estimate' })))[0])
    out['firstPaintMs'] = Math.round(percentile(paints, 50))
    out['apiPageMs'] = Math.round(percentile(apiRuns.slice(5), 50) * 10) / 10
    out['initialJsKb'] = Math.round(percentile(scripts, 50) / 1024)
    out['initialJsDecodedKb'] = Math.round(percentile(decoded, 50) / 1024)
    report(`web: navigation to first grid page, ${ROWS.toLocaleString('en')} rows (p50 of 6)`, `${out['firstPaintMs']} ms`, `API page ${out['apiPageMs']} ms`, '<= 1000 ms')
    report('web: JavaScript over the wire for that page (as served: brotli/gzip)', `${out['initialJsKb']} KB (${out['initialJsDecodedKb']} KB decoded)`, '-', '<= 350 KB')
    report('web: longest task scrolling 100k rows', `${out['longestTaskMs']} ms (${out['longTasksOver50']} > 50 ms)`, '-', 'none > 50 ms')
  } finally {
    await browser.close()
    await raw.end()
    await server.stop()
    await db.drop()
  }
  return out
}

if (import.meta.url === `file://${process.argv[1]}`) await benchWeb()
