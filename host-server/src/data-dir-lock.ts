import { readFileSync } from 'node:fs'
import { link, mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { hostname } from 'node:os'
import { join } from 'node:path'

/**
 * PGlite silently loses data when two processes open one data dir, so the host holds a lock on
 * it for its lifetime and a second process is refused with a message saying why.
 *
 * The lock file names its holder (pid, host, the process's start tick). A holder that is gone
 * (killed with -9, machine crash) leaves the file behind; it is recognised as stale at once (no
 * waiting for an mtime to age) because its pid no longer runs, or runs as another process (pid
 * reused: the start tick differs), or is our own pid (a container restarted with the same pid).
 * A live holder is always refused. A holder on another host cannot be checked and is refused,
 * with the file's path so a person can remove it.
 */
export interface LockHolder {
  readonly pid: number
  readonly host: string
  /** Start time of the process in clock ticks since boot (Linux /proc), when known. */
  readonly started?: number
}

export class DataDirLockedError extends Error {
  override readonly name = 'DataDirLockedError'
}

export async function lockDataDir(dir: string): Promise<() => Promise<void>> {
  await mkdir(dir, { recursive: true })
  const path = join(dir, '.docpal.lock')
  const me: LockHolder = { pid: process.pid, host: hostname(), ...startTick(process.pid) }
  if (!(await create(path, me))) {
    const holder = await readHolder(path)
    if (holder && holderRuns(holder)) throw locked(dir, path, holder)
    await takeOver(dir, path, holder, me)
  }
  return async () => {
    // Only remove the file while it is still ours (it is, unless someone deleted it by hand).
    const now = await readHolder(path)
    if (now?.pid === me.pid && now.host === me.host) await rm(path, { force: true })
  }
}

/**
 * Replaces a stale lock. Two processes restarting at once after a crash could both see it stale;
 * a guard file (created atomically, like the lock) lets only one of them replace it.
 */
async function takeOver(dir: string, path: string, stale: LockHolder | undefined, me: LockHolder): Promise<void> {
  const guard = `${path}.takeover`
  if (!(await create(guard, me))) {
    const other = await readHolder(guard)
    if (other && holderRuns(other)) throw locked(dir, path, other)
    await rm(guard, { force: true })
    if (!(await create(guard, me))) throw locked(dir, path, (await readHolder(guard)) ?? stale ?? me)
  }
  try {
    const current = await readHolder(path)
    if (current && holderRuns(current)) throw locked(dir, path, current)
    await rm(path, { force: true, recursive: true })
    if (!(await create(path, me))) throw locked(dir, path, (await readHolder(path)) ?? me)
  } finally {
    await rm(guard, { force: true })
  }
}

/** Creates `path` with the holder in it, atomically (complete content or no file); false when it exists. */
async function create(path: string, me: LockHolder): Promise<boolean> {
  const tmp = `${path}.${String(process.pid)}.tmp`
  await writeFile(tmp, JSON.stringify(me))
  try {
    await link(tmp, path)
    return true
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw err
  } finally {
    await rm(tmp, { force: true })
  }
}

/** The holder named in a lock file; undefined when the file is gone or is not ours to read (an older format). */
async function readHolder(path: string): Promise<LockHolder | undefined> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    // EISDIR: the directory an earlier version's lock library made; nothing in it names a process.
    if (code === 'ENOENT' || code === 'EISDIR') return undefined
    throw err
  }
  try {
    const v = JSON.parse(text) as Partial<LockHolder>
    return typeof v.pid === 'number' && typeof v.host === 'string' ? { pid: v.pid, host: v.host, ...(typeof v.started === 'number' ? { started: v.started } : {}) } : undefined
  } catch {
    return undefined
  }
}

export function holderRuns(h: LockHolder): boolean {
  if (h.host !== hostname()) return true
  if (h.pid === process.pid) return false
  try {
    process.kill(h.pid, 0)
  } catch (err) {
    // EPERM: the pid runs under another user, so it is alive.
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
  const now = startTick(h.pid).started
  return h.started === undefined || now === undefined || now === h.started
}

/** The process's start time from /proc (Linux); absent elsewhere, where pid liveness alone decides. */
function startTick(pid: number): { started?: number } {
  try {
    const stat = readFileSync(`/proc/${String(pid)}/stat`, 'utf8')
    // Field 22 (starttime); the command name (field 2) may hold spaces, so count after its ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    const started = Number(fields[19])
    return Number.isFinite(started) ? { started } : {}
  } catch {
    return {}
  }
}

function locked(dir: string, path: string, h: LockHolder): DataDirLockedError {
  const where = h.host === hostname() ? `process ${String(h.pid)}` : `process ${String(h.pid)} on host ${h.host} (if it no longer runs, remove ${path})`
  return new DataDirLockedError(
    `Another DocPal process is using the data directory ${dir} (${where}). Stop it first, or start this one with another DOCPAL_DATA_DIR (two processes on one embedded database would corrupt it).`,
  )
}
