import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { entryBomb, manyEntries, spreadBomb, zeroBomb } from '../test/support/archive-bombs.ts'
import { createBenchDatabase, percentile, report, startServerProcess, time, authFetch } from './lib.ts'

/** Round trips of /api/health until `until` settles: their latencies. */
async function probeHealth(url: string, until: Promise<unknown>): Promise<number[]> {
  let done = false
  void until.finally(() => (done = true))
  const out: number[] = []
  while (!done) {
    const [ms, r] = await time(() => fetch(`${url}/api/health`))
    await r.text()
    if (!r.ok) throw new Error(`health: ${r.status}`)
    out.push(ms)
  }
  return out
}

async function install(url: string, body: Buffer): Promise<string> {
  const r = await authFetch(`${url}/api/plugins/install`, { method: 'POST', body: new Blob([new Uint8Array(body)]), headers: { 'content-type': 'application/gzip' } })
  const j = (await r.json()) as { error?: { code: string } }
  return `${r.status} ${j.error?.code ?? ''}`
}

/**
 * Archive bombs posted to a real server process (issue 12): how long until each is refused, and
 * what /api/health answers meanwhile, beside health with nothing else running. `embedded` runs the
 * server on PGlite (no DATABASE_URL), where 256 MiB of zeros used to end the process.
 */
export async function benchArchiveBombs(embedded = process.argv.includes('--embedded')): Promise<Record<string, number>> {
  const work = await mkdtemp(join(tmpdir(), 'docpal-bench-bombs-'))
  const db = embedded ? undefined : await createBenchDatabase()
  const server = await startServerProcess(db?.url ?? '', 18108, { DOCPAL_DATA_DIR: join(work, 'data') })
  const out: Record<string, number> = {}
  try {
    const idle = await probeHealth(server.url, new Promise((r) => setTimeout(r, 500)))
    const bombs: Array<[string, Buffer]> = [
      ['1 GiB over 1 MiB files', spreadBomb(1024)],
      ['one entry claiming 1 GiB', entryBomb(1024)],
      ['256 MiB of zeros', zeroBomb(256)],
      ['3000 entries', manyEntries(3000)],
    ]
    for (const [name, body] of bombs) {
      const refused = time(() => install(server.url, body))
      const health = await probeHealth(server.url, refused)
      const [ms, answer] = await refused
      out[`${name} ms`] = ms
      report(
        `${name} (${(body.length / 1024).toFixed(0)} KB): ${answer}; /api/health meanwhile (n / p50 / max)`,
        `${ms.toFixed(0)} ms; ${health.length} / ${percentile(health, 50).toFixed(1)} / ${Math.max(0, ...health).toFixed(1)} ms`,
        `idle health p50 ${percentile(idle, 50).toFixed(1)} ms`,
        'refused in < 1 s, health answered throughout',
      )
    }
    const alive = await fetch(`${server.url}/api/health`)
    out['peak rss MB'] = await server.peakRssMb()
    report('server after the bombs (health, peak RSS)', `${alive.status}, ${out['peak rss MB'].toFixed(0)} MB`, '-', '200, alive')
    return out
  } finally {
    await server.stop()
    await db?.drop()
    await rm(work, { recursive: true, force: true })
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchArchiveBombs()
