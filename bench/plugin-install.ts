import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { fileURLToPath } from 'node:url'
import { packPlugin } from '@docpal/plugin-sdk/build'
import { createBenchDatabase, percentile, report, startServerProcess, time, authFetch } from './lib.ts'

const EXAMPLE = fileURLToPath(new URL('../examples/field-rating/', import.meta.url))

async function post(url: string, body?: Buffer): Promise<void> {
  const r = await authFetch(url, { method: 'POST', ...(body ? { body: new Blob([new Uint8Array(body)]), headers: { 'content-type': 'application/gzip' } } : {}) })
  if (!r.ok) throw new Error(`${url}: ${r.status} ${await r.text()}`)
}

/**
 * Install + enable of the example plugin through the API, until its client half is served (what a
 * browser needs to offer the type): the first (cold) run and the median of the rest, beside the
 * bare unpacking of the same tarball by the system's tar.
 */
export async function benchPluginInstall(runs = 10): Promise<Record<string, number>> {
  const work = await mkdtemp(join(tmpdir(), 'docpal-bench-install-'))
  const db = await createBenchDatabase()
  const server = await startServerProcess(db.url, 18107, { DOCPAL_DATA_DIR: join(work, 'data') })
  try {
    const packed = await packPlugin(EXAMPLE, { outDir: work })
    const tgz = await readFile(packed.file)
    const times: number[] = []
    for (let i = 0; i < runs; i++) {
      const [ms] = await time(async () => {
        await post(`${server.url}/api/plugins/install?sha256=${packed.sha256}`, tgz)
        await post(`${server.url}/api/plugins/field-rating/enable`)
        const client = await fetch(`${server.url}/plugins/field-rating/client.js`)
        if (!client.ok) throw new Error(`client half: ${client.status}`)
        await client.text()
      })
      times.push(ms)
      await post(`${server.url}/api/plugins/field-rating/disable`)
      const del = await authFetch(`${server.url}/api/plugins/field-rating`, { method: 'DELETE' })
      if (del.status !== 204) throw new Error(`uninstall: ${del.status}`)
    }
    const raw: number[] = []
    for (let i = 0; i < runs; i++) {
      const dir = join(work, `raw-${i}`)
      const [ms] = await time(async () => {
        await import('node:fs/promises').then((fs) => fs.mkdir(dir))
        await promisify(execFile)('tar', ['-xzf', packed.file, '-C', dir])
      })
      raw.push(ms)
    }
    const out = { firstMs: times[0]!, p50Ms: percentile(times.slice(1), 50), rawP50Ms: percentile(raw, 50) }
    report(
      'install + enable a plugin tarball until its client half is served (first / p50)',
      `${out.firstMs.toFixed(0)} / ${out.p50Ms.toFixed(0)} ms`,
      `${out.rawP50Ms.toFixed(1)} ms (tar -xzf)`,
      '<= 2 s',
    )
    return out
  } finally {
    await server.stop()
    await db.drop()
    await rm(work, { recursive: true, force: true })
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchPluginInstall()
