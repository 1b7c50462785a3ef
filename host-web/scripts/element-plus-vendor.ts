import { existsSync, readdirSync } from 'node:fs'
import { join, relative } from 'node:path'
import { build } from 'esbuild'

/**
 * Element Plus as one ES module per component over shared chunks (esbuild code splitting), plus
 * the whole library as `index.js` for code that imports it at once. Answers the folder and the
 * map of each export (`ElInput`) to its component module (`input`).
 */
export async function buildElementPlus(outdir: string, pkg: string): Promise<{ dir: string; exports: Record<string, string> }> {
  const es = join(pkg, 'es')
  const names = readdirSync(join(es, 'components')).filter((n) => existsSync(join(es, 'components', n, 'index.mjs')))
  const entryPoints: Record<string, string> = { index: join(es, 'index.mjs') }
  for (const n of names) entryPoints[`components/${n}`] = join(es, 'components', n, 'index.mjs')
  const result = await build({
    entryPoints,
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
  })
  const exports: Record<string, string> = {}
  for (const [file, output] of Object.entries(result.metafile.outputs)) {
    const rel = relative(outdir, join(process.cwd(), file)).replace(/\\/g, '/')
    const m = /^components\/(.+)\.js$/.exec(rel)
    if (!m || !output.entryPoint) continue
    // A name exported by several components (shared helpers) keeps the one named for it.
    for (const name of output.exports.filter((e) => e !== 'default')) if (!exports[name] || name.toLowerCase() === `el${m[1]!.replace(/-/g, '')}`) exports[name] = m[1]!
  }
  return { dir: outdir, exports }
}
