import type { FastifyRateLimitOptions, FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit'
import type { Logger } from '@docpal/kernel'
import type { HitCounter } from './hit-counter.ts'

/** What @fastify/rate-limit hands `child` at runtime: the route's merged options and the route. */
interface ChildOptions {
  readonly routeInfo?: { readonly method?: string | string[]; readonly url?: string }
}

/**
 * @fastify/rate-limit's store over a `HitCounter`, so the per-route limits count where the
 * counter does (Redis, PostgreSQL or memory). Each route counts under its own prefix, as the
 * plugin's own stores do. A counter that fails is logged; the plugin then lets the request through
 * (skipOnError): a Redis outage must not lock everyone out of signing in.
 */
export function rateLimitStore(counter: HitCounter, logger: Logger): FastifyRateLimitStoreCtor {
  class CounterStore implements FastifyRateLimitStore {
    constructor(readonly prefix: string) {}

    incr(key: string, cb: (error: Error | null, result?: { current: number; ttl: number }) => void, timeWindow: number): void {
      counter.hit(this.prefix + key, timeWindow).then(
        (r) => cb(null, { current: r.hits, ttl: r.ttlMs }),
        (err: unknown) => {
          logger.warn('rate limit: the counter failed; the request is let through', { counter: counter.kind, err: err instanceof Error ? err.message : String(err) })
          cb(err instanceof Error ? err : new Error(String(err)))
        },
      )
    }

    child(options: unknown): FastifyRateLimitStore {
      const route = (options as ChildOptions).routeInfo
      const method = Array.isArray(route?.method) ? route.method.join(',') : (route?.method ?? '')
      return new CounterStore(`${this.prefix}${method}${route?.url ?? ''}:`)
    }
  }
  return class extends CounterStore {
    constructor(_options: FastifyRateLimitOptions) {
      super('route:')
    }
  }
}
