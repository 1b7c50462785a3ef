import type { SQL } from 'drizzle-orm'
import { sql } from 'drizzle-orm'
import { compile } from './executor.ts'

/** A placeholder for a value supplied at execution time. */
class Slot {
  constructor(readonly index: number) {}
}

export interface Shape {
  readonly text: string
  readonly params: ReadonlyArray<unknown>
  /** For each parameter position, the slot it takes its value from (or -1 for a fixed value). */
  readonly slots: ReadonlyArray<number>
}

/**
 * Compiling drizzle `sql` trees costs more than the database round trip on the hot record paths,
 * so each statement shape is compiled once per table version, with slots for the values.
 */
export class StatementCache {
  readonly #shapes = new Map<string, Shape>()

  shape(key: string, build: (slot: (i: number) => SQL) => SQL): Shape {
    let s = this.#shapes.get(key)
    if (!s) {
      const { sql: text, params } = compile(build((i) => sql`${new Slot(i)}`))
      s = { text, params, slots: params.map((p) => (p instanceof Slot ? p.index : -1)) }
      if (this.#shapes.size > 500) this.#shapes.clear()
      this.#shapes.set(key, s)
    }
    return s
  }
}

export function bindShape(shape: Shape, values: ReadonlyArray<unknown>): unknown[] {
  const out = new Array<unknown>(shape.params.length)
  for (let i = 0; i < out.length; i++) {
    const slot = shape.slots[i] ?? -1
    out[i] = slot < 0 ? shape.params[i] : values[slot]
  }
  return out
}
