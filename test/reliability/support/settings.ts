import { DB_KIND } from '../../support/test-server.ts'

/**
 * The same trial files run in two forms. The short form (the default, part of `pnpm test`) keeps
 * each kind to a few seconds; the long form (`pnpm test:reliability`, RELIABILITY_MODE=long) runs
 * the counts the hardening issue names. RELIABILITY_* variables override either.
 */
export const LONG = process.env['RELIABILITY_MODE'] === 'long'

function intEnv(name: string): number | undefined {
  const v = process.env[name]
  if (v === undefined || v === '') return undefined
  const n = Number(v)
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number, not '${v}'`)
  return n
}

/** kill -9 trials per kind: 100 on PostgreSQL and 20 on PGlite in the long form, 1 in the short. */
export function killTrials(): number {
  return intEnv('RELIABILITY_TRIALS') ?? (LONG ? (DB_KIND === 'postgres' ? 100 : 20) : 1)
}

/** How long the concurrent writers write while the schema changes under them. */
export function writerMillis(): number {
  return intEnv('RELIABILITY_WRITERS_MS') ?? (LONG ? 60_000 : 3_000)
}

/** Concurrent writers. */
export function writerCount(): number {
  return intEnv('RELIABILITY_WRITERS') ?? (LONG ? 8 : 4)
}

/** fast-check runs per OpenAPI operation. */
export function fuzzRuns(): number {
  return intEnv('RELIABILITY_FUZZ_RUNS') ?? (LONG ? 200 : 4)
}

/** A seed makes a failing run repeatable: RELIABILITY_SEED=<the seed a failure printed>. */
export function seed(): number {
  return intEnv('RELIABILITY_SEED') ?? Math.floor(Math.random() * 2 ** 31)
}
