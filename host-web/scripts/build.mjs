// Builds the web app: the shell with Vite, and the shared modules of the import map (one Vue, one
// Element Plus, one SDK client) that plugin client halves import at runtime.
import { copyFile, mkdir, rename, rm } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build as esbuild } from 'esbuild'
import { build as vite } from 'vite'

const root = fileURLToPath(new URL('..', import.meta.url))
const require = createRequire(join(root, 'package.json'))
// Built beside `dist` and swapped in at the end, so a server reading `dist` never sees half a build.
const out = join(root, `dist-build-${process.pid}`)
const vendor = join(out, 'vendor')
const pkgDir = (name) => dirname(require.resolve(`${name}/package.json`))

await vite({ root, logLevel: 'warn', build: { outDir: out } })
await mkdir(vendor, { recursive: true })
await copyFile(join(pkgDir('vue'), 'dist/vue.runtime.esm-browser.prod.js'), join(vendor, 'vue.js'))
await copyFile(join(pkgDir('vue'), 'jsx-runtime/index.mjs'), join(vendor, 'vue-jsx-runtime.js'))
await copyFile(join(pkgDir('element-plus'), 'dist/index.full.min.mjs'), join(vendor, 'element-plus.js'))
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
  external: ['vue', 'element-plus'],
  define: { 'process.env.NODE_ENV': '"production"', __VUE_I18N_FULL_INSTALL__: 'true', __VUE_I18N_LEGACY_API__: 'false', __INTLIFY_PROD_DEVTOOLS__: 'false', __INTLIFY_DROP_MESSAGE_COMPILER__: 'false' },
  logLevel: 'warning',
})
const dist = join(root, 'dist')
const old = join(root, `dist-old-${process.pid}`)
await rename(dist, old).catch(() => undefined)
await rename(out, dist)
await rm(old, { recursive: true, force: true })
console.log(`host-web built into ${dist}`)
