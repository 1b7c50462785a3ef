import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const ENSURE = fileURLToPath(new URL('../../../host-web/scripts/ensure-built.mjs', import.meta.url))

/** Builds host-web when its sources are newer than its build (see the script). */
export function ensureWebBuilt(): void {
  execFileSync(process.execPath, [ENSURE], { stdio: 'inherit' })
}
