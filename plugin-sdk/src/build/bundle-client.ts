import { build } from 'esbuild'
import { rewriteElementPlusImports, type ElementPlusExports } from './element-plus-imports.ts'

/**
 * What a plugin's client half imports from the page rather than bundling: one Vue, one Element
 * Plus and one SDK client for the whole page, resolved by the host page's import map.
 */
export const SHARED_CLIENT_MODULES = ['vue', 'vue/jsx-runtime', 'element-plus', 'element-plus/es', 'element-plus/full', '@docpal/plugin-sdk/client'] as const

export interface BundleClientOptions {
  /** Names in the page's first tier of Element Plus (`vendor/ep/exports.json`); others come from the full library. */
  readonly elementPlusExports?: ElementPlusExports
}

/**
 * Bundles a plugin's client entry (TypeScript or Vue TSX) into one browser ES module with the
 * shared modules left to the page. The host runs this on request; plugin authors run it to build.
 */
export async function bundleClient(entry: string, opts: BundleClientOptions = {}): Promise<string> {
  const out = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    jsx: 'automatic',
    jsxImportSource: 'vue',
    external: [...SHARED_CLIENT_MODULES],
    logLevel: 'silent',
    define: { 'process.env.NODE_ENV': '"production"' },
  })
  const code = out.outputFiles[0]?.text ?? ''
  return opts.elementPlusExports ? rewriteElementPlusImports(code, opts.elementPlusExports) : code
}
