// Types of build-server.mjs (plain JavaScript, so `pnpm start` can run it before anything is built).

/** The packages compiled: their folders, relative to the checkout. */
export function serverPackages(): string[]

/** Compiles the server packages into each one's `dist/`; with `ifChanged`, only those whose sources changed. */
export function buildServer(opts?: { ifChanged?: boolean }): void
