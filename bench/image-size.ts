import { execFileSync, spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { NODE_FLAGS } from '../host-server/scripts/bundle-server.mjs'

/**
 * Issue 13's "image size reported", on a machine with no container engine: runs the Dockerfile's
 * runtime-tree step (host-server/scripts/runtime-tree.sh) on this built checkout, reports the
 * tree's size on disk and gzipped (what the image adds to node:20.20-bookworm-slim, which this
 * machine cannot pull), and starts the server from the tree on embedded PGlite as the container
 * would (NODE_ENV=production, plain node), to show the tree is complete: health 200, the first
 * page served, no plugin failing to load. Run `pnpm build` first.
 */
const ROOT = fileURLToPath(new URL('..', import.meta.url))
const PORT = 18195

const mb = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MB`
const du = (dir: string, ...extra: string[]) => Number(execFileSync('du', ['-sb', ...extra, dir], { encoding: 'utf8' }).split('\t')[0])

export async function benchImageSize(): Promise<Record<string, number>> {
  const work = await mkdtemp(join(tmpdir(), 'docpal-image-'))
  const tree = join(work, 'app')
  try {
    execFileSync('sh', [join(ROOT, 'host-server/scripts/runtime-tree.sh'), ROOT, tree], { stdio: ['ignore', 'ignore', 'inherit'] })
    const total = du(tree)
    const deps = du(join(tree, 'node_modules'))
    execFileSync('tar', ['czf', join(work, 'app.tgz'), '-C', tree, '.'])
    const gz = du(join(work, 'app.tgz'))
    const log: string[] = []
    const child = spawn(process.execPath, [...NODE_FLAGS, 'dist/main.bundle.js'], {
      cwd: join(tree, 'host-server'),
      env: { ...process.env, NODE_ENV: 'production', HOST: '127.0.0.1', PORT: String(PORT), DOCPAL_DATA_DIR: join(work, 'data'), DATABASE_URL: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    child.stdout.on('data', (b: Buffer) => log.push(b.toString()))
    child.stderr.on('data', (b: Buffer) => log.push(b.toString()))
    let health = 0
    for (let i = 0; i < 300 && health !== 200; i++) {
      await new Promise((r) => setTimeout(r, 100))
      health = await fetch(`http://127.0.0.1:${PORT}/api/health`).then(
        (r) => r.status,
        () => 0,
      )
    }
    const page = await fetch(`http://127.0.0.1:${PORT}/`).then(
      (r) => r.status,
      () => 0,
    )
    child.kill('SIGTERM')
    await new Promise((r) => child.once('exit', r))
    const errors = log
      .join('')
      .split('\n')
      .filter((l) => l.includes('"level":"error"'))
    console.log(`runtime tree (what the image adds to node:20.20-bookworm-slim)   ${mb(total)} on disk (${mb(deps)} of it production dependencies), ${mb(gz)} gzipped`)
    console.log(`server started from the tree (production, PGlite)               health ${health}, first page ${page}, ${errors.length} error lines in its log`)
    for (const e of errors) console.log(`  ${e.slice(0, 300)}`)
    if (health !== 200 || page !== 200 || errors.length) throw new Error('the runtime tree did not serve cleanly')
    return { treeBytes: total, depsBytes: deps, gzBytes: gz }
  } finally {
    await rm(work, { recursive: true, force: true })
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchImageSize()
