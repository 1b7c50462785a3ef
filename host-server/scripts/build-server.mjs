// Compiles every server-side package (kernel, plugin SDK, plugin testing kit, host server and the
// first-party plugins' server halves) from TypeScript to JavaScript in each package's `dist/`, so
// the server runs on plain `node` (`--conditions=compiled` picks `dist/` in each package's exports)
// instead of compiling TypeScript with tsx at every start.
//
// Each file is transpiled on its own (the tree is `isolatedModules`): types are checked by
// `pnpm typecheck`, not here, which keeps a full build to a few seconds. `dist/` mirrors `src/`
// file for file, so paths a module finds from `import.meta.url` (migrations, package.json, the web
// build) resolve the same from either. Plain JavaScript, so `pnpm start` can run it before anything
// is built.
//
// Run as a command, it then bundles the server into one file (bundle-server.mjs), which is what
// `pnpm start` and the image run.
//
//   node host-server/scripts/build-server.mjs              build everything
//   node host-server/scripts/build-server.mjs --if-changed build only packages whose sources are newer
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { bundleServer } from './bundle-server.mjs'

const root = fileURLToPath(new URL('../..', import.meta.url))
const STAMP = '.build-stamp'

/** The packages compiled: their folders, relative to the checkout. */
export function serverPackages() {
  const plugins = readdirSync(join(root, 'plugins'))
    .map((name) => join('plugins', name))
    .filter((dir) => existsSync(join(root, dir, 'src')))
  return ['plugin-sdk', 'kernel', 'plugin-testing', 'host-server', ...plugins]
}

const OPTIONS = {
  module: ts.ModuleKind.ESNext,
  target: ts.ScriptTarget.ES2022,
  verbatimModuleSyntax: true,
  rewriteRelativeImportExtensions: true,
  sourceMap: true,
}

/** Files compiled: TypeScript sources, not tests, not declaration files, not browser code (client/ is bundled by Vite or the plugin packer). */
function sources(dir) {
  const out = []
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) {
      if (entry.name !== 'client' && entry.name !== 'node_modules') out.push(...sources(path))
    } else if (/\.m?ts$/.test(entry.name) && !/\.(test|spec)\.m?ts$/.test(entry.name) && !entry.name.endsWith('.d.ts')) {
      out.push(path)
    }
  }
  return out
}

function newestMtime(files) {
  return Math.max(0, ...files.map((f) => statSync(f).mtimeMs))
}

/** Compiles one package into a fresh folder swapped in at the end, so a running server never reads half a build. */
function buildPackage(pkg) {
  const src = join(root, pkg, 'src')
  const files = sources(src)
  const out = join(root, pkg, `dist-build-${process.pid}-${Math.random().toString(36).slice(2, 8)}`)
  rmSync(out, { recursive: true, force: true })
  for (const file of files) {
    const rel = relative(src, file).replace(/\.(m?)ts$/, '.$1js')
    const target = join(out, rel)
    const result = ts.transpileModule(readFileSync(file, 'utf8'), { compilerOptions: OPTIONS, fileName: file, reportDiagnostics: true })
    const errors = (result.diagnostics ?? []).filter((d) => d.category === ts.DiagnosticCategory.Error)
    if (errors.length) throw new Error(`${relative(root, file)}: ${ts.flattenDiagnosticMessageText(errors[0].messageText, '\n')}`)
    mkdirSync(dirname(target), { recursive: true })
    writeFileSync(target, result.outputText)
    if (result.sourceMapText) {
      // Point the map at the real source, so stack traces name src/… lines.
      const map = JSON.parse(result.sourceMapText)
      map.sources = [relative(dirname(join(root, pkg, 'dist', rel)), file)]
      writeFileSync(`${target}.map`, JSON.stringify(map))
    }
  }
  writeFileSync(join(out, STAMP), stampOf(files))
  const dist = join(root, pkg, 'dist')
  rmSync(dist, { recursive: true, force: true })
  try {
    renameSync(out, dist)
  } catch (err) {
    // Another build (a second test project's setup) swapped its own in first: the same sources, so keep it.
    rmSync(out, { recursive: true, force: true })
    if (err.code !== 'ENOTEMPTY' && err.code !== 'EEXIST') throw err
  }
  return files.length
}

/** The newest source's time and the number of sources: a deleted or added file changes it too. */
function stampOf(files) {
  return `${newestMtime(files)}:${files.length}`
}

function upToDate(pkg) {
  const stamp = join(root, pkg, 'dist', STAMP)
  return existsSync(stamp) && readFileSync(stamp, 'utf8') === stampOf(sources(join(root, pkg, 'src')))
}

export function buildServer({ ifChanged = false } = {}) {
  const started = performance.now()
  let packages = 0
  let files = 0
  for (const pkg of serverPackages()) {
    if (ifChanged && upToDate(pkg)) continue
    files += buildPackage(pkg)
    packages++
  }
  if (packages) process.stderr.write(`server build: ${files} files in ${packages} packages, ${Math.round(performance.now() - started)} ms\n`)
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const ifChanged = process.argv.includes('--if-changed')
  buildServer({ ifChanged })
  await bundleServer({ ifChanged })
}
