import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

/** What the installer remembers beside a plugin's files. */
export interface InstallRecord {
  readonly sha256: string
  readonly installedAt: string
}

const RECORD = '.docpal-install.json'

export async function readInstallRecord(dir: string): Promise<InstallRecord | undefined> {
  try {
    return JSON.parse(await readFile(join(dir, RECORD), 'utf8')) as InstallRecord
  } catch {
    return undefined
  }
}

/** The SDK package folder this kernel runs with. */
function sdkRoot(): string {
  let dir = dirname(createRequire(import.meta.url).resolve('@docpal/plugin-sdk'))
  while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir)
  return dir
}

/**
 * Installed plugins import `@docpal/plugin-sdk` and must get the host's own copy (one DocPalError
 * class, one zod): a link in the install folder's node_modules resolves it for every plugin there.
 */
export async function linkSdk(installDir: string): Promise<void> {
  const link = join(installDir, 'node_modules', '@docpal', 'plugin-sdk')
  await mkdir(dirname(link), { recursive: true })
  await rm(link, { recursive: true, force: true })
  await symlink(sdkRoot(), link, 'junction')
}

export interface PlacedFolder {
  readonly dir: string
  /** Drops the previous version's files (after the new one loaded). */
  commit(): Promise<void>
  /** Puts the previous version back (the new one failed). */
  rollback(): Promise<void>
}

/**
 * Writes a plugin's files into `<installDir>/<id>` by staging them beside it and renaming, so a
 * reader never sees half a plugin, and an update can be undone until `commit`.
 */
export async function placePluginFolder(installDir: string, id: string, files: ReadonlyMap<string, Buffer>, record: InstallRecord): Promise<PlacedFolder> {
  const tag = randomBytes(4).toString('hex')
  const staging = join(installDir, `.staging-${id}-${tag}`)
  const backup = join(installDir, `.old-${id}-${tag}`)
  const dir = join(installDir, id)
  try {
    for (const [rel, data] of files) {
      const target = join(staging, rel)
      await mkdir(dirname(target), { recursive: true })
      await writeFile(target, data)
    }
    await writeFile(join(staging, RECORD), JSON.stringify(record, null, 2))
    const hadPrevious = existsSync(dir)
    if (hadPrevious) await rename(dir, backup)
    await rename(staging, dir)
    return {
      dir,
      commit: () => rm(backup, { recursive: true, force: true }),
      async rollback() {
        await rm(dir, { recursive: true, force: true })
        if (hadPrevious) await rename(backup, dir)
      },
    }
  } catch (err) {
    await rm(staging, { recursive: true, force: true })
    throw err
  }
}
