// Bundles the compiled server (host-server/dist/main.js with the kernel and the server's
// dependencies) into one file, host-server/dist/main.bundle.js, which `pnpm start` and the image
// run. Loading ~750 modules one by one (resolving, reading and compiling each) was a third of a
// start; one file cuts that.
//
// Left outside the bundle, loaded from node_modules as usual: the plugin SDK and zod (plugins
// import them too and must share one copy with the kernel), PGlite (finds its WebAssembly files
// next to itself), esbuild and TypeScript (native or huge, used only on demand), and packages
// that find their own files by `__dirname` (pino's transports, the Swagger UI's assets). The build
// fails if any other bundled package looks for its files that way, so a new dependency cannot
// break at run time instead.
//
// Modules of this checkout that find files from `import.meta.url` (migrations, package.json, the
// web build) get the URL of their original file, relative to the bundle, so paths hold in the
// image and in a moved checkout.
//
//   node host-server/scripts/bundle-server.mjs               bundle
//   node host-server/scripts/bundle-server.mjs --if-changed  only when a package's dist changed
import { existsSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { basename, dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const root = fileURLToPath(new URL('../..', import.meta.url))
const dist = join(root, 'host-server', 'dist')
export const BUNDLE = join(dist, 'main.bundle.js')
/**
 * Node's flags for running the bundle (package.json's start and the Dockerfile's CMD spell them
 * out too; test/docker-compose.test.ts pins the Dockerfile's). `compiled`: each package's dist/.
 * A 32 MB young generation: a 1,000-record bulk request parses ~12k objects that live until its
 * COPY is done, and with the default 16 MB scavenges copied them; 32 MB cut the server's CPU per
 * such request ~10% (bench/bulk-insert.ts) for ~25 MB more peak RSS.
 * `--heap-growing-percent=100`: a full collection once the old generation has doubled its live
 * size, not (V8's default for a small heap) up to 4x. Streams (exports, imports) promote batches
 * that die soon after; with the default the old generation filled with them to ~190 MB of garbage
 * over a ~45 MB live heap, and a 1M-row export grew the server by 62-109 MB; with 100% by 4-19 MB
 * at the same CPU per row (50%: as little growth, up to 30% more CPU). A 1M-row import costs ~15%
 * more CPU with it; bulk inserts and single requests did not slow with 50% (docs/benchmarks.md).
 */
export const NODE_FLAGS = ['--conditions=compiled', '--max-semi-space-size=32', '--heap-growing-percent=100']
const STAMP = join(dist, '.bundle-stamp')

// exceljs: its zip writer's dependencies (glob) find files by their own location, and it loads
// only when an XLSX export runs; unzipper (the XLSX import's zip-bomb check) for the same reason.
// @node-rs/argon2: a native addon (.node) chosen per platform at run time.
const EXTERNAL = [
  '@docpal/plugin-sdk',
  'zod',
  'exceljs',
  'unzipper',
  '@node-rs/argon2',
  '@electric-sql/pglite',
  'esbuild',
  'typescript',
  'pino',
  '@fastify/swagger',
  '@fastify/swagger-ui',
  // Its compiled CommonJS requires folders by relative path (./utils), which the check above cannot tell from file lookups.
  'ioredis',
  // Temporal's worker loads a native bridge and bundles workflow code itself; loaded only with TEMPORAL_ADDRESS.
  '@temporalio/client',
  '@temporalio/worker',
  '@temporalio/workflow',
  '@temporalio/activity',
  '@temporalio/common',
]
const OURS = /\/(kernel|host-server|plugin-sdk|plugin-testing)\/dist\/[^/].*\.js$/

/** What the bundle is made of: the build stamps of the compiled packages it includes. */
function stampOf() {
  return ['plugin-sdk', 'kernel', 'host-server']
    .map((pkg) => {
      const f = join(root, pkg, 'dist', '.build-stamp')
      return existsSync(f) ? readFileSync(f, 'utf8') : 'none'
    })
    .join('|')
}

/** Rewrites our modules' `import.meta.url`; refuses a bundled dependency that finds files by its own location. */
const fileLocations = {
  name: 'file-locations',
  setup(b) {
    b.onLoad({ filter: /\.(c|m)?js$/ }, async (args) => {
      const src = await readFile(args.path, 'utf8')
      if (OURS.test(args.path)) {
        if (!src.includes('import.meta.url')) return undefined
        const rel = relative(dirname(BUNDLE), args.path).split('\\').join('/')
        return { contents: src.replaceAll('import.meta.url', `new URL(${JSON.stringify(rel)}, import.meta.url).href`), loader: 'js', resolveDir: dirname(args.path) }
      }
      if (/\b__dirname\b|\b__filename\b|import\.meta\.url/.test(src)) {
        return {
          errors: [
            {
              text: `${relative(root, args.path)} finds files by its own location: add its package to EXTERNAL (and to host-server's dependencies) in host-server/scripts/bundle-server.mjs`,
            },
          ],
        }
      }
      return undefined
    })
  },
}

let running

/** One bundle at a time per process (vitest runs each project's setup at once); the others wait for it. */
export async function bundleServer(opts = {}) {
  while (running) await running
  running = bundle(opts)
  try {
    await running
  } finally {
    running = undefined
  }
}

async function bundle({ ifChanged = false }) {
  const stamp = stampOf()
  if (ifChanged && existsSync(BUNDLE) && existsSync(STAMP) && readFileSync(STAMP, 'utf8') === stamp) return
  const started = performance.now()
  const result = await build({
    entryPoints: [join(dist, 'main.js')],
    // Split: main.ts's own part (config, the shell server) is small and listens at once; the rest
    // (Fastify, the kernel, the routes) is a chunk it imports after, parsed while the shell serves.
    outdir: dist,
    entryNames: '[name].bundle',
    chunkNames: 'main.chunk-[hash]',
    splitting: true,
    write: false,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    conditions: ['compiled'],
    external: EXTERNAL.flatMap((p) => [p, `${p}/*`]),
    // Bundled CommonJS packages `require` Node's own modules.
    banner: { js: "import { createRequire as __docpalRequire } from 'node:module'; const require = __docpalRequire(import.meta.url);" },
    sourcemap: 'linked',
    logLevel: 'warning',
    plugins: [fileLocations],
  })
  // Each file swapped in whole (maps first, chunks before the entry that names them): a server
  // starting meanwhile reads the old bundle or the new one.
  const order = (f) => (f.path.endsWith('.map') ? 0 : f.path === BUNDLE ? 2 : 1)
  for (const file of [...result.outputFiles].sort((a, b) => order(a) - order(b))) {
    const tmp = `${file.path}.${process.pid}-${Math.random().toString(36).slice(2, 8)}.tmp`
    writeFileSync(tmp, file.contents)
    renameSync(tmp, file.path)
  }
  // Chunks of earlier bundles: the new entry names only its own.
  const current = new Set(result.outputFiles.map((f) => basename(f.path)))
  for (const f of readdirSync(dist)) if (f.startsWith('main.chunk-') && !current.has(f)) rmSync(join(dist, f), { force: true })
  writeFileSync(STAMP, stamp)
  process.stderr.write(`server bundle: ${Math.round(performance.now() - started)} ms\n`)
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await bundleServer({ ifChanged: process.argv.includes('--if-changed') })
}
