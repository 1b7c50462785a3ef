import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/**
 * The first-party plugins of the DocPal checkout this package belongs to (`<repo>/plugins`), so a
 * plugin's tests can have text and number columns beside its own. A package installed from a
 * registry has no such folder: then there are no built-ins unless a test names a folder.
 */
export function workspacePlugins(): string | undefined {
  const dir = fileURLToPath(new URL('../../plugins/', import.meta.url))
  return existsSync(`${dir}field-text/package.json`) ? dir : undefined
}
