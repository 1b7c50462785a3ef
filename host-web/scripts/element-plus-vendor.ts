import { readFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { build } from 'esbuild'
import { present } from '@docpal/plugin-sdk'

/**
 * Element Plus in two tiers over shared chunks (esbuild code splitting, so one instance):
 * `base.js` exports the names the shell and the first-party plugins import, `index.js` the whole
 * library. Answers the files `base.js` loads, for the page to preload them together.
 */
export async function buildElementPlus(outdir: string, pkg: string, baseNames: ReadonlyArray<string>): Promise<{ dir: string; preload: string[] }> {
  const es = join(pkg, 'es', 'index.mjs')
  const result = await build({
    entryPoints: { base: 'docpal:element-plus-base', index: es },
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    metafile: true,
    external: ['vue'],
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'warning',
    plugins: [
      {
        name: 'element-plus-base',
        setup(b) {
          b.onResolve({ filter: /^docpal:element-plus-base$/ }, (a) => ({ path: a.path, namespace: 'docpal' }))
          b.onLoad({ filter: /.*/, namespace: 'docpal' }, () => ({ contents: baseModule(pkg, baseNames), resolveDir: pkg, loader: 'js' }))
        },
      },
    ],
  })
  const outputs = result.metafile.outputs
  const rel = (file: string) => relative(outdir, join(process.cwd(), file)).replace(/\\/g, '/')
  // The entry point is named base, so esbuild writes base.js.
  const [, base] = present(
    Object.entries(outputs).find(([f]) => rel(f) === 'base.js'),
    'the Element Plus base chunk (base.js) in the build output',
  )
  const preload = ['base.js', ...base.imports.filter((i) => i.kind === 'import-statement').map((i) => rel(i.path))]
  return { dir: outdir, preload }
}

/**
 * The first tier's source: each name re-exported from the module that defines it, not from the
 * library's index, whose every component registers itself at load and so could not be left out.
 */
function baseModule(pkg: string, names: ReadonlyArray<string>): string {
  const where = new Map<string, { from: string; name: string }>()
  for (const index of [join(pkg, 'es', 'components', 'index.mjs'), join(pkg, 'es', 'index.mjs')]) {
    for (const [, specs = '', from = ''] of readFileSync(index, 'utf8').matchAll(/import\s*\{([^}]*)\}\s*from\s*"([^"]+)"/g)) {
      for (const spec of specs.split(',')) {
        const [name, alias] = spec.trim().split(/\s+as\s+/)
        if (name && !where.has(alias ?? name)) where.set(alias ?? name, { from: join(dirname(index), from), name })
      }
    }
  }
  return [...new Set(names)]
    .map((n) => {
      const w = where.get(n)
      return w ? `export { ${w.name} as ${n} } from ${JSON.stringify(w.from)}` : `export { ${n} } from ${JSON.stringify(join(pkg, 'es', 'index.mjs'))}`
    })
    .join('\n')
}
