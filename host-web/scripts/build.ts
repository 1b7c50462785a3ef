// Builds the web app: the shell with Vite, and the shared modules of the page's import map that
// plugin client halves import at runtime (one Vue, one Element Plus in two tiers, one SDK client).
import { copyFile, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import vue from '@vitejs/plugin-vue'
import { build as esbuild } from 'esbuild'
import Components from 'unplugin-vue-components/vite'
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers'
import { build as vite, type Plugin } from 'vite'
import { bundleClient, elementPlusNames, rewriteElementPlusImports, SHARED_CLIENT_MODULES } from '@docpal/plugin-sdk/build'
import { buildElementPlus } from './element-plus-vendor.ts'
import { precompress } from './precompress.ts'

const root = fileURLToPath(new URL('..', import.meta.url))
const require = createRequire(join(root, 'package.json'))
const pkgDir = (name: string) => dirname(require.resolve(`${name}/package.json`))
// Built beside `dist` and swapped in at the end, so a server reading `dist` never sees half a build.
const out = join(root, `dist-build-${process.pid}`)
const vendor = join(out, 'vendor')
const define = { 'process.env.NODE_ENV': '"production"' }

// Every Element Plus name the shell and the first-party plugins import: the page's first tier.
const used = new Set<string>()
// Pages an admin opens now and then: what only they use comes from the full library when they
// open, instead of weighing on every page load (the admin panel alone added ~18 KB gzip).
const OCCASIONAL = /^(AdminPluginsPage|AppSettingsPage|TableSettingsPage|FolderSettingsPage|NotFoundPage)$/

/** The shell's Element Plus imports, collected (imports are rewritten once the tier is known). */
const collectElementPlus: Plugin = {
  name: 'docpal:element-plus-names',
  renderChunk(code, chunk) {
    if (!OCCASIONAL.test(chunk.name)) for (const n of elementPlusNames(code)) used.add(n)
    return null
  },
}

await vite({
  root,
  configFile: false,
  logLevel: 'warn',
  plugins: [
    vue(),
    // `<el-button>` in templates becomes an import of that one component (no global install).
    Components({ resolvers: [ElementPlusResolver({ importStyle: false, directives: true })], dts: false }),
    collectElementPlus,
  ],
  build: {
    outDir: out,
    emptyOutDir: true,
    target: 'es2022',
    rolldownOptions: { external: [...SHARED_CLIENT_MODULES] },
  },
})
const plugins = join(root, '..', 'plugins')
for (const dir of await readdir(plugins)) {
  const pkg = JSON.parse(await readFile(join(plugins, dir, 'package.json'), 'utf8').catch(() => '{}')) as { exports?: Record<string, string> }
  const client = pkg.exports?.['./client']
  if (client) for (const n of elementPlusNames(await bundleClient(join(plugins, dir, client)))) used.add(n)
}
// Names outside the tier (used only by occasional pages) are imported from the full library.
for (const f of await readdir(join(out, 'assets'))) {
  if (!f.endsWith('.js')) continue
  const file = join(out, 'assets', f)
  const code = await readFile(file, 'utf8')
  const rewritten = rewriteElementPlusImports(code, [...used])
  if (rewritten !== code) await writeFile(file, rewritten)
}
await mkdir(vendor, { recursive: true })
const ep = await buildElementPlus(join(vendor, 'ep'), pkgDir('element-plus'), [...used].sort())
await writeFile(join(vendor, 'ep', 'exports.json'), JSON.stringify([...used].sort()))
// The first tier and its chunks load with the page, in parallel, not one import at a time.
const index = join(out, 'index.html')
const preload = ep.preload.map((f) => `    <link rel="modulepreload" href="/vendor/ep/${f}" />`).join('\n')
await writeFile(
  index,
  (await readFile(index, 'utf8')).replace('    <link rel="modulepreload" href="/vendor/sdk-client.js" />', (m) => `${m}\n${preload}`),
)
await copyFile(join(pkgDir('vue'), 'dist/vue.runtime.esm-browser.prod.js'), join(vendor, 'vue.js'))
await copyFile(join(pkgDir('vue'), 'jsx-runtime/index.mjs'), join(vendor, 'vue-jsx-runtime.js'))
await copyFile(join(pkgDir('element-plus'), 'dist/index.css'), join(vendor, 'element-plus.css'))
await copyFile(join(pkgDir('element-plus'), 'theme-chalk/dark/css-vars.css'), join(vendor, 'element-plus-dark.css'))
await esbuild({
  entryPoints: [join(root, '../plugin-sdk/src/client/index.ts')],
  outfile: join(vendor, 'sdk-client.js'),
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  jsx: 'automatic',
  jsxImportSource: 'vue',
  external: ['vue', 'vue/jsx-runtime', 'element-plus', 'element-plus/es', 'element-plus/full'],
  define: { ...define, __VUE_I18N_FULL_INSTALL__: 'true', __VUE_I18N_LEGACY_API__: 'false', __INTLIFY_PROD_DEVTOOLS__: 'false', __INTLIFY_DROP_MESSAGE_COMPILER__: 'false' },
  logLevel: 'warning',
})

const packed = await precompress(out)
console.log(`precompressed ${String(packed.files)} files: ${String(Math.round(packed.bytes / 1024))} KB -> ${String(Math.round(packed.brotliBytes / 1024))} KB brotli`)

const dist = join(root, 'dist')
const old = join(root, `dist-old-${process.pid}`)
await rename(dist, old).catch(() => undefined)
await rename(out, dist)
await rm(old, { recursive: true, force: true })
console.log(`host-web built into ${dist}`)
