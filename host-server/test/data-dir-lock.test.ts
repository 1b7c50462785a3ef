import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs'
import { hostname, tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { lockDataDir } from '../src/data-dir-lock.ts'
import { DB_KIND } from '../../test/support/test-server.ts'

const dirs: string[] = []
function freshDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'docpal-lock-'))
  dirs.push(d)
  return d
}

/** A real process that exits at once: its pid is then known not to run. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''])
  await new Promise((r) => child.on('exit', r))
  return child.pid ?? -1
}

// Pure file-system behaviour: once, in the PGlite project.
describe.runIf(DB_KIND === 'pglite')('data directory lock', () => {
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true })
  })

  it('is held by its holder and released on unlock', async () => {
    const dir = freshDir()
    const unlock = await lockDataDir(dir)
    expect(JSON.parse(readFileSync(join(dir, '.docpal.lock'), 'utf8'))).toMatchObject({ pid: process.pid, host: hostname() })
    await unlock()
    await (
      await lockDataDir(dir)
    )()
  })

  it('refuses while a live process holds it, naming the process', async () => {
    const dir = freshDir()
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'])
    try {
      writeFileSync(join(dir, '.docpal.lock'), JSON.stringify({ pid: holder.pid, host: hostname() }))
      await expect(lockDataDir(dir)).rejects.toThrow(`Another DocPal process is using the data directory ${dir} (process ${String(holder.pid)})`)
    } finally {
      holder.kill('SIGKILL')
    }
  })

  it('takes over at once a lock whose holder was killed (its pid no longer runs)', async () => {
    const dir = freshDir()
    writeFileSync(join(dir, '.docpal.lock'), JSON.stringify({ pid: await deadPid(), host: hostname() }))
    const unlock = await lockDataDir(dir)
    expect(JSON.parse(readFileSync(join(dir, '.docpal.lock'), 'utf8'))).toMatchObject({ pid: process.pid })
    await unlock()
  })

  it('takes over a lock whose pid now runs as another process (start time differs), and one naming our own pid', async () => {
    const dir = freshDir()
    // Our parent runs, but it started at another tick than the one written: the pid was reused.
    writeFileSync(join(dir, '.docpal.lock'), JSON.stringify({ pid: process.ppid, host: hostname(), started: 1 }))
    await (
      await lockDataDir(dir)
    )()
    // A container restarted by its engine often gets the same pid as the killed one.
    writeFileSync(join(dir, '.docpal.lock'), JSON.stringify({ pid: process.pid, host: hostname() }))
    await (
      await lockDataDir(dir)
    )()
  })

  it('refuses a holder on another host (it cannot be checked) and says which file to remove', async () => {
    const dir = freshDir()
    writeFileSync(join(dir, '.docpal.lock'), JSON.stringify({ pid: 1, host: 'elsewhere.example' }))
    await expect(lockDataDir(dir)).rejects.toThrow(`on host elsewhere.example (if it no longer runs, remove ${join(dir, '.docpal.lock')})`)
  })

  it('replaces the lock directory an earlier version left behind, and an unreadable lock file', async () => {
    const dir = freshDir()
    mkdirSync(join(dir, '.docpal.lock'))
    await (
      await lockDataDir(dir)
    )()
    writeFileSync(join(dir, '.docpal.lock'), '')
    await (
      await lockDataDir(dir)
    )()
  })

  it('lets exactly one of several processes racing for a stale lock win', async () => {
    const dir = freshDir()
    writeFileSync(join(dir, '.docpal.lock'), JSON.stringify({ pid: await deadPid(), host: hostname() }))
    const script = `import('${new URL('../src/data-dir-lock.ts', import.meta.url).href}').then(m => m.lockDataDir(${JSON.stringify(dir)})).then(() => { console.log('won'); setTimeout(() => {}, 3000) }, (e) => { console.log('lost'); process.exit(0) })`
    const tsx = new URL('../node_modules/.bin/tsx', import.meta.url).pathname
    const runs = Array.from({ length: 4 }, () => {
      const c = spawn(tsx, ['-e', script])
      let out = ''
      c.stdout.on('data', (d: Buffer) => (out += d.toString()))
      return new Promise<string>((resolve) => {
        c.stdout.on('data', () => {
          if (out.includes('won') || out.includes('lost')) resolve(out.trim())
        })
        c.on('exit', () => resolve(out.trim()))
      }).finally(() => c.kill('SIGKILL'))
    })
    const outcomes = await Promise.all(runs)
    expect(outcomes.filter((o) => o === 'won')).toHaveLength(1)
    expect(outcomes.filter((o) => o === 'lost')).toHaveLength(3)
  }, 60_000)
})
