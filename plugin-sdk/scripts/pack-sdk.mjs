// Packs what a plugin author installs, as npm tarballs: @docpal/plugin-sdk (with the `docpal`
// and `docpal-plugin` bins), @docpal/kernel and @docpal/plugin-testing (a plugin's own tests
// boot a real kernel) and create-docpal-plugin (the scaffolder). The server packages are
// compiled first; each package's `publishConfig.exports` points installs at that JavaScript
// (types at the TypeScript sources, which ship too), and pnpm turns `workspace:` ranges into
// versions. Publish the tarballs to a registry, or install them from files.
//
//   node plugin-sdk/scripts/pack-sdk.mjs [out-dir]    (default: ./sdk-packages)
import { execFileSync } from 'node:child_process'
import { mkdirSync, readdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildServer } from '../../host-server/scripts/build-server.mjs'

const root = fileURLToPath(new URL('../..', import.meta.url))

/** The packages packed, as folders of the checkout. */
export const SDK_PACKAGES = ['plugin-sdk', 'kernel', 'plugin-testing', 'plugin-sdk/create-plugin']

/** Packs the SDK packages into `outDir`; returns the tarballs' paths. */
export function packSdk(outDir) {
  buildServer({ ifChanged: true })
  const out = resolve(outDir)
  mkdirSync(out, { recursive: true })
  const before = new Set(readdirSync(out))
  for (const pkg of SDK_PACKAGES) execFileSync('pnpm', ['pack', '--pack-destination', out], { cwd: join(root, pkg), stdio: ['ignore', 'ignore', 'inherit'] })
  return readdirSync(out)
    .filter((f) => f.endsWith('.tgz') && !before.has(f))
    .map((f) => join(out, f))
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const file of packSdk(process.argv[2] ?? 'sdk-packages')) process.stdout.write(file + '\n')
}
