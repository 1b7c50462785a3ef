// Types of pack-sdk.mjs (plain JavaScript, like the server build it runs).

/** The packages packed, as folders of the checkout. */
export const SDK_PACKAGES: readonly string[]

/** Packs the SDK packages into `outDir`; returns the tarballs' paths. */
export function packSdk(outDir: string): string[]
