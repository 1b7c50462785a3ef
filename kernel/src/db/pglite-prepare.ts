import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'

/** PGlite's WebAssembly module, compiled, and its file-system image: what every PGlite instance starts from. */
export interface PreparedPglite {
  readonly pgliteWasmModule: WebAssembly.Module
  readonly fsBundle: Blob
}

let prepared: Promise<PreparedPglite> | undefined

/**
 * Reads and compiles PGlite's WebAssembly once per process. The server calls this first thing,
 * before loading its own modules: V8 compiles the ~9 MB module on background threads while the
 * main thread loads the rest, instead of after it (a start on the embedded database waited ~0.4 s
 * for it). Later calls, and every in-memory database a test opens, reuse the compiled module.
 * Importing this file loads nothing of PGlite itself.
 */
export function preparePglite(): Promise<PreparedPglite> {
  prepared ??= (async () => {
    // Its dist/ holds both files, whichever entry (ESM or CommonJS) resolves.
    const dist = new URL('./', pathToFileURL(createRequire(import.meta.url).resolve('@electric-sql/pglite')))
    const [wasm, data] = await Promise.all([readFile(new URL('pglite.wasm', dist)), readFile(new URL('pglite.data', dist))])
    return { pgliteWasmModule: await WebAssembly.compile(wasm), fsBundle: new Blob([data]) }
  })()
  return prepared
}
