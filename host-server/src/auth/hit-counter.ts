import { Redis } from 'ioredis'
import { LRUCache } from 'lru-cache'
import type { HitCount, Kernel } from '@docpal/kernel'

/**
 * Where rate limits count (the auth endpoints' per-IP limits, failed logins per email). Several
 * server processes must count together (issue 19): Redis when REDIS_URL is set, else the
 * PostgreSQL database they share; embedded PGlite has one process, so memory is enough there.
 */
export interface HitCounter {
  readonly kind: 'redis' | 'postgres' | 'memory'
  /** Counts a hit for `key`; a key's window starts at its first hit and lasts `windowMs`. */
  hit(key: string, windowMs: number): Promise<HitCount>
  /** The key's count without adding a hit. */
  read(key: string): Promise<HitCount>
  clear(key: string): Promise<void>
  close(): Promise<void>
}

/** One process's counts (PGlite: one process per database). */
export function memoryCounter(): HitCounter {
  const counts = new LRUCache<string, { hits: number; ends: number }>({ max: 100_000 })
  const left = (c: { ends: number }) => Math.max(0, c.ends - Date.now())
  return {
    kind: 'memory',
    hit(key, windowMs) {
      const now = Date.now()
      const c = counts.get(key)
      const next = c && c.ends > now ? { hits: c.hits + 1, ends: c.ends } : { hits: 1, ends: now + windowMs }
      counts.set(key, next, { ttl: left(next) || 1 })
      return Promise.resolve({ hits: next.hits, ttlMs: left(next) })
    },
    read(key) {
      const c = counts.get(key)
      return Promise.resolve(c && left(c) > 0 ? { hits: c.hits, ttlMs: left(c) } : { hits: 0, ttlMs: 0 })
    },
    clear(key) {
      counts.delete(key)
      return Promise.resolve()
    },
    close: () => Promise.resolve(),
  }
}

// INCR and the window's expiry in one step, so two processes never both start a window.
const HIT = `local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return {n, redis.call('PTTL', KEYS[1])}`

/** Counts in Redis (REDIS_URL): shared by every process using that Redis; keys `<prefix>rate:<key>`. */
export function redisCounter(url: string, prefix: string): HitCounter {
  const PREFIX = `${prefix}rate:`
  // No offline queue: a Redis that is down fails the count at once rather than holding requests.
  const redis = new Redis(url, { lazyConnect: false, enableOfflineQueue: false, maxRetriesPerRequest: 1 })
  return {
    kind: 'redis',
    async hit(key, windowMs) {
      const [hits, ttl] = (await redis.eval(HIT, 1, PREFIX + key, String(windowMs))) as [number, number]
      return { hits, ttlMs: Math.max(0, ttl) }
    },
    async read(key) {
      const [hits, ttl] = await Promise.all([redis.get(PREFIX + key), redis.pttl(PREFIX + key)])
      return hits === null ? { hits: 0, ttlMs: 0 } : { hits: Number(hits), ttlMs: Math.max(0, ttl) }
    },
    async clear(key) {
      await redis.del(PREFIX + key)
    },
    async close() {
      await redis.quit().catch(() => redis.disconnect())
    },
  }
}

/** Redis when a URL is given, else PostgreSQL's table when the kernel runs on it, else memory. */
export function chooseHitCounter(kernel: Kernel, redis: { url: string; prefix: string } | undefined): HitCounter {
  if (redis) return redisCounter(redis.url, redis.prefix)
  if (kernel.db.driver === 'postgres') {
    const c = kernel.rateCounters
    return { kind: 'postgres', hit: (k, w) => c.hit(k, w), read: (k) => c.read(k), clear: (k) => c.clear(k), close: () => Promise.resolve() }
  }
  return memoryCounter()
}
