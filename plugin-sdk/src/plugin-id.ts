/**
 * A plugin id names the plugin's folder in `<data dir>/plugins`, its URL segment and its package:
 * lowercase letters, digits and dashes, so two ids never differ only by case (one folder on a
 * case-insensitive disk) and no id can be a folder the host keeps there itself.
 */
export const PLUGIN_ID_PATTERN = /^[a-z0-9][a-z0-9-]*$/

export const PLUGIN_ID_MAX = 64

/**
 * Names the pattern cannot rule out that still may not be plugin folders: the SDK link folder the
 * host writes beside the plugins, and device names Windows will not create as folders.
 */
export const RESERVED_PLUGIN_IDS: ReadonlySet<string> = new Set(['node_modules', 'con', 'prn', 'aux', 'nul', ...[1, 2, 3, 4, 5, 6, 7, 8, 9].flatMap((n) => [`com${n}`, `lpt${n}`])])

/** Why `id` cannot be a plugin id, or undefined when it can. */
export function pluginIdProblem(id: string): string | undefined {
  if (id.length === 0) return 'it is empty'
  if (id.length > PLUGIN_ID_MAX) return `it is longer than ${PLUGIN_ID_MAX} characters`
  // Checked before the pattern, which would refuse these too, so the reason is the real one.
  if (id.startsWith('.') || id.startsWith('_')) return 'names starting with "." or "_" are kept for the host'
  if (RESERVED_PLUGIN_IDS.has(id.toLowerCase())) return `'${id}' is a reserved name`
  if (/[A-Z]/.test(id)) return `ids are lowercase (use '${id.toLowerCase()}')`
  if (!PLUGIN_ID_PATTERN.test(id)) return 'use lowercase letters, digits and dashes, starting with a letter or digit (e.g. field-progress)'
  return undefined
}
