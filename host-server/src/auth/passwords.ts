import { hash, verify } from '@node-rs/argon2'

/**
 * argon2id (the library's default algorithm, pinned by a test on the hash's `$argon2id$` prefix)
 * at OWASP's recommended minimum: 19 MiB of memory, 2 passes, 1 lane. Hashing runs on libuv's
 * thread pool, never on the event loop.
 */
export const ARGON2_PARAMS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const

export const MIN_PASSWORD = 8
export const MAX_PASSWORD = 256

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_PARAMS)
}

// A hash of nothing anyone knows: login checks unknown emails against it, so an answer takes as
// long whether or not the account exists (no user enumeration by timing).
let decoy: Promise<string> | undefined

/** Whether `password` matches `stored`; a stored value that is no argon2 hash never matches. */
export async function verifyPassword(stored: string | undefined, password: string): Promise<boolean> {
  if (stored === undefined || !stored.startsWith('$argon2')) {
    decoy ??= hashPassword(`decoy-${Math.random()}`)
    await verify(await decoy, password)
    return false
  }
  return verify(stored, password)
}
