import { codes } from '../errors/codes.ts'
import { shortName } from './archive-entry-path.ts'

/**
 * The shape an archive's entries give the plugin folder, checked as they are read: a path cannot
 * be a file and a folder at once (`a` packed as a file, then `a/b`), which the disk would only
 * refuse halfway through writing the folder.
 */
export class ArchiveTree {
  readonly #files = new Set<string>()
  readonly #folders = new Set<string>()

  /** Records a file (`folder` false) or folder entry at `rel`, a normalized relative path. */
  add(rel: string, folder: boolean): void {
    const parts = rel.split('/')
    for (let i = 1; i < parts.length; i++) {
      const parent = parts.slice(0, i).join('/')
      if (this.#files.has(parent)) throw codes.KRN_ERR_PLUGIN_ARCHIVE_CONFLICT(shortName(parent), shortName(rel), { details: { entry: rel.slice(0, 1024) } })
      this.#folders.add(parent)
    }
    if (folder) {
      if (this.#files.has(rel)) throw codes.KRN_ERR_PLUGIN_ARCHIVE_CONFLICT(shortName(rel), shortName(rel) + '/', { details: { entry: rel.slice(0, 1024) } })
      this.#folders.add(rel)
      return
    }
    if (this.#folders.has(rel)) throw codes.KRN_ERR_PLUGIN_ARCHIVE_CONFLICT(shortName(rel), this.#inside(rel), { details: { entry: rel.slice(0, 1024) } })
    this.#files.add(rel)
  }

  /** Something packed inside `folder`, to name in the message. */
  #inside(folder: string): string {
    for (const f of [...this.#files, ...this.#folders]) if (f.startsWith(folder + '/')) return shortName(f)
    return shortName(folder + '/')
  }
}
