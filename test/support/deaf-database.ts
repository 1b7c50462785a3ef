import type { Database } from '@docpal/kernel'

/**
 * The database without LISTEN/NOTIFY: a server process on it neither hears of nor announces
 * changes. It is every process in the moment between another's commit and the arrival of the
 * notification, made to last (issue 19 tests).
 */
export function deaf(db: Database): Database {
  return new Proxy(db, {
    get(target, prop) {
      if (prop === 'listen' || prop === 'notify') return undefined
      const v: unknown = Reflect.get(target, prop, target)
      return typeof v === 'function' ? (v as (...args: unknown[]) => unknown).bind(target) : v
    },
  })
}
