/** What `writeInOrder` does with each item of its source. */
export interface OrderedWrites<In, Prepared, Out> {
  /** At most this many writes in flight (1: the next item is prepared while one is written). */
  readonly parallel: number
  /** Every earlier write counted before the next item is prepared (preparing may use the database). */
  readonly serial: boolean
  prepare(item: In): Promise<Prepared>
  /** Writes one prepared item; calls `begun` once its transaction has begun (or when it needs none). */
  write(prepared: Prepared, begun: () => void): Promise<Out>
  /** Called in the source's order, for every write that succeeded. */
  count(out: Out): void
}

const noop = (): void => undefined

/**
 * Prepares items one after another and writes them with up to `parallel` writes at once, each
 * write beginning after the one before it has begun, and counts them in the source's order
 * whichever finishes first. On a failure, the writes still in flight end first and those that
 * succeeded are counted, so the counts are what was written; then the failure is thrown.
 */
export async function writeInOrder<In, Prepared, Out>(source: AsyncIterable<In>, w: OrderedWrites<In, Prepared, Out>): Promise<void> {
  // Writes in flight, in the source's order; only the first is counted, once it is done.
  const queue: Array<Promise<Out>> = []
  const countFirst = async () => {
    const first = queue[0]
    if (!first) return
    w.count(await first)
    void queue.shift()
  }
  try {
    for await (const item of source) {
      if (w.serial) while (queue.length) await countFirst()
      const prepared = await w.prepare(item)
      while (queue.length >= w.parallel) await countFirst()
      let begun = noop
      const beginning = new Promise<void>((resolve) => (begun = resolve))
      const writing = w.write(prepared, begun)
      // Handled when counted, or below; until then a failed write must not count as unhandled.
      void writing.catch(noop)
      queue.push(writing)
      // The next write begins after this one has: rows take their transaction's start as
      // created_at, so the table's order (created_at, id) stays the source's even when the other
      // connection had to be opened first.
      await Promise.race([beginning, writing.then(noop, noop)])
    }
    while (queue.length) await countFirst()
  } catch (err) {
    for (const writing of queue) {
      const [r] = await Promise.allSettled([writing])
      if (r.status === 'fulfilled') w.count(r.value)
    }
    throw err
  }
}
