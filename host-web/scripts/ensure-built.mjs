// Builds host-web only when a source is newer than the build, so `pnpm start` and `pnpm test` work
// on a fresh clone and cost nothing once built.
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const web = fileURLToPath(new URL('..', import.meta.url))
const sources = [join(web, 'src'), join(web, 'index.html'), join(web, 'scripts'), join(web, '../plugin-sdk/src/client')]

function newest(p) {
  const s = statSync(p)
  if (!s.isDirectory()) return s.mtimeMs
  return Math.max(0, ...readdirSync(p).map((n) => newest(join(p, n))))
}

const index = join(web, 'dist', 'index.html')
if (!existsSync(index) || statSync(index).mtimeMs < Math.max(...sources.map(newest))) {
  execFileSync(process.execPath, ['--import', 'tsx', join(web, 'scripts', 'build.ts')], { cwd: web, stdio: 'inherit' })
}
