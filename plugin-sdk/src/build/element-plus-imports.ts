/**
 * Element Plus is shared with plugins in two tiers, one instance: `element-plus` is the part the
 * host and the first-party plugins use (one module, preloaded with the page), `element-plus/full`
 * the whole library over the same code. This rewrites the named imports of a built ES module
 * (`import{ElInput as a}from"element-plus"`) so that names outside the first tier come from the
 * full library, which a page then loads only for the plugin that needs it.
 */
export type ElementPlusExports = ReadonlyArray<string>

export const ELEMENT_PLUS_FULL = 'element-plus/full'

const NAMED_IMPORT = /import\s*\{([^}]*)\}\s*from\s*["']element-plus(?:\/es)?["'];?/g

/** Names a built module imports from Element Plus. */
export function elementPlusNames(code: string): string[] {
  return [...code.matchAll(NAMED_IMPORT)].flatMap(([, specifiers = '']) => specifiers.split(',').map(importedName).filter(Boolean))
}

/** The imported name of a specifier: `ElButton as B` -> `ElButton`. */
function importedName(spec: string): string {
  const [name = ''] = spec.trim().split(/\s+as\s+/)
  return name.trim()
}

export function rewriteElementPlusImports(code: string, base: ElementPlusExports): string {
  const inBase = new Set(base)
  return code.replace(NAMED_IMPORT, (_all, specifiers: string) => {
    const byModule = new Map<string, string[]>()
    for (const raw of specifiers.split(',')) {
      const spec = raw.trim()
      if (!spec) continue
      const target = inBase.has(importedName(spec)) ? 'element-plus' : ELEMENT_PLUS_FULL
      byModule.set(target, [...(byModule.get(target) ?? []), spec])
    }
    return [...byModule].map(([from, specs]) => `import{${specs.join(',')}}from"${from}";`).join('')
  })
}
