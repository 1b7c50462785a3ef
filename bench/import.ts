import { createReadStream, createWriteStream } from 'node:fs'
import { rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { TEN_COLUMNS, api, createBenchDatabase, report, row, startServerProcess, time, authFetch, cpuMs } from './lib.ts'

const LABELS: Record<string, string> = { todo: 'To do', doing: 'Doing', done: 'Done', red: 'Red', green: 'Green', blue: 'Blue' }
const quote = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s)

/** The benchmark rows as a CSV a spreadsheet would write: options by label, tags comma-separated. */
async function writeCsv(path: string, total: number): Promise<void> {
  const out = createWriteStream(path)
  out.write(TEN_COLUMNS.map((c) => c.name).join(',') + '\n')
  let buf = ''
  for (let i = 0; i < total; i++) {
    const r = row(i)
    const cells = [
      r['Title'] as string,
      (r['Notes'] as string | null) ?? '',
      String(r['Amount']),
      String(r['Quantity']),
      r['Due'] as string,
      LABELS[r['Status'] as string] ?? '',
      (r['Tags'] as string[]).map((t) => LABELS[t]).join(', '),
      r['Website'] as string,
      r['Email'] as string,
      r['Active'] ? 'true' : 'false',
    ]
    buf += cells.map(quote).join(',') + '\n'
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await new Promise<void>((r) => out.once('drain', () => r()))
      buf = ''
    }
  }
  await new Promise<void>((resolve, reject) => out.end(buf, (err?: Error | null) => (err ? reject(err) : resolve())))
}

/** Samples a server's RSS every 100 ms; `peak()` stops and answers the highest sample. */
function sampleRss(rssMb: () => Promise<number>, first: number): { peak: () => number } {
  let peak = first
  const timer = setInterval(() => void rssMb().then((mb) => (peak = Math.max(peak, mb))), 100)
  return {
    peak: () => {
      clearInterval(timer)
      return peak
    },
  }
}

interface ImportJob {
  state: string
  written: number
  rejected: number
  report: unknown[]
  error: unknown
}

/** A CSV uploaded to /api/imports as a stream, started into `tableId` (skipInvalid) and polled to its end. */
async function importFile(url: string, path: string, tableId: string): Promise<{ uploadMs: number; job: ImportJob }> {
  const [uploadMs, up] = await time(async () => {
    const res = await authFetch(`${url}/api/imports?fileName=bench.csv`, {
      method: 'POST',
      body: Readable.toWeb(createReadStream(path)) as ReadableStream,
      headers: { 'content-type': 'text/csv' },
      duplex: 'half',
    } as RequestInit)
    if (res.status !== 201) throw new Error(`upload -> ${res.status} ${await res.text()}`)
    return (await res.json()) as { id: string }
  })
  await api(url, 'POST', `/api/imports/${up.id}/start`, { tableId, mode: 'skipInvalid' })
  for (;;) {
    const job = await api<ImportJob>(url, 'GET', `/api/imports/${up.id}`)
    if (job.state !== 'running') return { uploadMs, job }
    await new Promise((r) => setTimeout(r, 100))
  }
}

/**
 * Issue 15's import figure: a `total`-row, 10-column CSV uploaded and imported into a table
 * through /api/imports (upload, preview, start, polled to the end), beside the API's bulk insert
 * of the same rows in 25,000-row requests (the baseline), in the same run on the same server.
 * Server RSS is sampled while the import runs.
 */
export async function benchImport(total = 1_000_000): Promise<Record<string, number>> {
  const batch = 25_000
  const db = await createBenchDatabase()
  const server = await startServerProcess(db.url, 18115)
  const csv = join(tmpdir(), `docpal-bench-import-${process.pid}.csv`)
  let running = true
  const stopServer = async () => {
    if (running) await server.stop()
    running = false
  }
  try {
    await writeCsv(csv, total)
    const app = await api<{ id: string }>(server.url, 'POST', '/api/apps', { name: 'Bench' })
    const mk = (name: string) => api<{ id: string }>(server.url, 'POST', `/api/apps/${app.id}/tables`, { name, columns: TEN_COLUMNS })
    const bulkTable = await mk('Bulk')
    const importTable = await mk('Imported')

    // Warm-up (not measured), as bench/export.ts does: a tenth of the rows imported first, so the
    // figure is what an import costs a running server, not the one-time growth of V8's young
    // generation to the server's 32 MB semi-spaces that any busy server has already had.
    const warmCsv = `${csv}.warm`
    await writeCsv(warmCsv, Math.ceil(total / 10))
    const warmed = await importFile(server.url, warmCsv, (await mk('Warm-up')).id)
    await rm(warmCsv, { force: true })
    if (warmed.job.state !== 'done') throw new Error(`warm-up import ended ${JSON.stringify(warmed.job).slice(0, 800)}`)

    const rssBefore = await server.rssMb()
    const importRss = sampleRss(server.rssMb, rssBefore)
    const cpu0 = await cpuMs([server.child.pid ?? 0])
    const [importMs, { uploadMs, job: done }] = await time(() => importFile(server.url, csv, importTable.id))
    const rssPeak = importRss.peak()
    const importCpuMs = (await cpuMs([server.child.pid ?? 0])) - cpu0
    if (done.state !== 'done' || done.written !== total) throw new Error(`import ended ${JSON.stringify(done).slice(0, 800)}`)

    // Baseline: the same rows through POST /records/bulk, 25,000 per request, on a server process
    // of its own (fresh, as the import's was), with its RSS sampled the same way.
    await stopServer()
    const bulkServer = await startServerProcess(db.url, 18116)
    const bulkRssBefore = await bulkServer.rssMb()
    const bulkRss = sampleRss(bulkServer.rssMb, bulkRssBefore)
    const [bulkMs] = await time(async () => {
      for (let s = 0; s < total; s += batch) {
        const records = []
        for (let i = s; i < Math.min(total, s + batch); i++) records.push({ fields: row(i) })
        const res = await authFetch(`${bulkServer.url}/api/tables/${bulkTable.id}/records/bulk`, {
          method: 'POST',
          body: JSON.stringify({ records }),
          headers: { 'content-type': 'application/json' },
        })
        if (res.status !== 201) throw new Error(`bulk -> ${res.status} ${await res.text()}`)
      }
    })
    const bulkRssPeak = bulkRss.peak()
    await bulkServer.stop()
    const out = {
      importRowsPerSec: Math.round(total / (importMs / 1000)),
      bulkRowsPerSec: Math.round(total / (bulkMs / 1000)),
      importMs: Math.round(importMs),
      uploadMs: Math.round(uploadMs),
      importServerCpuMs: importCpuMs,
      bulkMs: Math.round(bulkMs),
      rssGrowthMb: rssPeak - rssBefore,
      bulkRssGrowthMb: bulkRssPeak - bulkRssBefore,
    }
    const ratio = out.importRowsPerSec / out.bulkRowsPerSec
    report(
      `import ${total.toLocaleString('en')}-row CSV (10 columns, upload to done)`,
      `${out.importRowsPerSec.toLocaleString('en')} rows/s (${ratio.toFixed(2)}x)`,
      `${out.bulkRowsPerSec.toLocaleString('en')} rows/s (API bulk)`,
      '>= 25,000 rows/s and >= 0.5x bulk',
    )
    console.log(
      `  upload + preview ${out.uploadMs} ms of ${out.importMs} ms; server CPU ${(importCpuMs / 1000).toFixed(1)} s; server RSS ${rssBefore} MB before, +${out.rssGrowthMb} MB at peak while importing (goal < 50 MB); bulk baseline's server: +${out.bulkRssGrowthMb} MB`,
    )
    return out
  } finally {
    await rm(csv, { force: true })
    await stopServer()
    await db.drop()
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await benchImport(Number(process.argv[2] ?? 1_000_000))
}
