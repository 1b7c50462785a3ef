import { describe, expect, it } from 'vitest'
import { writeInOrder } from './ordered-writes.ts'

async function* items(n: number): AsyncGenerator<number> {
  for (let i = 0; i < n; i++) {
    await Promise.resolve()
    yield i
  }
}
const later = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('writeInOrder', () => {
  it('counts in the source order although later writes finish first, with at most `parallel` in flight', async () => {
    const counted: number[] = []
    let inFlight = 0
    let most = 0
    await writeInOrder(items(6), {
      parallel: 2,
      serial: false,
      prepare: (i) => Promise.resolve(i),
      write: async (i, begun) => {
        begun()
        most = Math.max(most, ++inFlight)
        // Even items take longer: the odd one after each finishes first.
        await later(i % 2 === 0 ? 30 : 1)
        inFlight--
        return i
      },
      count: (i) => counted.push(i),
    })
    expect(counted).toEqual([0, 1, 2, 3, 4, 5])
    expect(most).toBe(2)
  })

  it('a write begins only after the one before it has begun', async () => {
    const events: string[] = []
    await writeInOrder(items(3), {
      parallel: 2,
      serial: false,
      prepare: (i) => Promise.resolve(i),
      write: async (i, begun) => {
        events.push(`start ${i}`)
        await later(10)
        events.push(`begun ${i}`)
        begun()
        return i
      },
      count: () => undefined,
    })
    expect(events.slice(0, 3)).toEqual(['start 0', 'begun 0', 'start 1'])
  })

  it('on a failure, a write in flight that succeeds is counted before the failure is thrown', async () => {
    const counted: number[] = []
    const run = writeInOrder(items(4), {
      parallel: 2,
      serial: false,
      prepare: (i) => Promise.resolve(i),
      write: async (i, begun) => {
        begun()
        await later(i === 0 ? 5 : 20)
        if (i === 0) throw new Error('chunk 0 refused')
        return i
      },
      count: (i) => counted.push(i),
    })
    await expect(run).rejects.toThrow('chunk 0 refused')
    expect(counted).toEqual([1])
  })
})
