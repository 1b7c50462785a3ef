/**
 * Element Plus is shared with plugins one component at a time: the page's vendor build splits it
 * into a module per component (`element-plus/c/<name>.js` in the import map) over shared chunks,
 * so a page loads only the components it shows while every plugin still gets the same instance.
 * This rewrites the named imports of a built ES module (`import{ElInput as a}from"element-plus"`)
 * into those per-component modules; names not in the map keep the whole library.
 */
export type ElementPlusExports = Readonly<Record<string, string>>

export const ELEMENT_PLUS_COMPONENT_PREFIX = 'element-plus/c/'

const NAMED_IMPORT = /import\s*\{([^}]*)\}\s*from\s*["']element-plus(?:\/es)?["'];?/g

export function rewriteElementPlusImports(code: string, exportsMap: ElementPlusExports): string {
  return code.replace(NAMED_IMPORT, (_all, specifiers: string) => {
    const byModule = new Map<string, string[]>()
    for (const raw of specifiers.split(',')) {
      const spec = raw.trim()
      if (!spec) continue
      const imported = spec.split(/\s+as\s+/)[0]!.trim()
      const target = exportsMap[imported] ? `${ELEMENT_PLUS_COMPONENT_PREFIX}${exportsMap[imported]}.js` : 'element-plus'
      byModule.set(target, [...(byModule.get(target) ?? []), spec])
    }
    return [...byModule].map(([from, specs]) => `import{${specs.join(',')}}from"${from}";`).join('')
  })
}
