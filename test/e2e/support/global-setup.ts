import { ensureWebBuilt } from './web-build.ts'

/** Browser tests need the built web app; build it once before any of them starts. */
export default function setup(): void {
  ensureWebBuilt()
}
