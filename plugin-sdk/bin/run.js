// Runs one of the SDK's command-line programs. Installed from a package (the path runs through
// node_modules), the SDK runs its compiled JavaScript from dist/; in a DocPal checkout, its
// TypeScript sources through tsx's loader, so edits need no build step.
import { fileURLToPath } from 'node:url'

/** Imports `src/<path>.ts` or `dist/<path>.js` of this package and returns the module. */
export async function load(path) {
  if (fileURLToPath(import.meta.url).includes('/node_modules/')) return import(new URL(`../dist/${path}.js`, import.meta.url).href)
  const { register } = await import('tsx/esm/api')
  register()
  return import(new URL(`../src/${path}.ts`, import.meta.url).href)
}
