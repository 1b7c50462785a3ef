// Types of bundle-server.mjs (plain JavaScript, so `pnpm start` can run it before anything is built).

/** The bundled server: host-server/dist/main.bundle.js. */
export const BUNDLE: string

/** Node's flags for running the bundle. */
export const NODE_FLAGS: readonly string[]

/** Bundles host-server/dist/main.js into one file; with `ifChanged`, only when a package it includes was rebuilt. */
export function bundleServer(opts?: { ifChanged?: boolean }): Promise<void>
