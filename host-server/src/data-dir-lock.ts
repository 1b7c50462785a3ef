import { mkdir } from 'node:fs/promises'
import lockfile from 'proper-lockfile'

/**
 * PGlite silently loses data when two processes open one data dir, so the host holds a lock on
 * it for its lifetime and a second process is refused with a message saying why.
 */
export async function lockDataDir(dir: string): Promise<() => Promise<void>> {
  await mkdir(dir, { recursive: true })
  try {
    return await lockfile.lock(dir, { lockfilePath: `${dir}/.docpal.lock`, stale: 15_000, update: 5_000 })
  } catch (err) {
    if ((err as { code?: string }).code === 'ELOCKED') {
      throw new Error(
        `Another DocPal process is using the data directory ${dir}. Stop it first, or start this one with another DOCPAL_DATA_DIR (two processes on one embedded database would corrupt it).`,
        { cause: err },
      )
    }
    throw err
  }
}
