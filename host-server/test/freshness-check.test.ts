import { describe, expect, it } from 'vitest'
import { FreshnessCheck } from '../src/auth/freshness-check.ts'

/** The batching of each request's credentials-version check: shared reads, never one begun before an ask. */
describe('FreshnessCheck', () => {
  it('answers the asks of one moment with one read, each with its person', async () => {
    const reads: string[][] = []
    const v = new FreshnessCheck((ids) => {
      reads.push([...ids])
      return Promise.resolve(
        new Map([
          ['a', 3],
          ['b', 5],
        ]),
      )
    })
    const answers = await Promise.all([v.of('a'), v.of('b'), v.of('a'), v.of('gone'), v.of()])
    expect(answers).toEqual([3, 5, 3, undefined, undefined])
    expect(reads).toEqual([['a', 'b', 'gone']])
  })

  it('an ask made after a read was sent waits for the next read, sent when that one is back', async () => {
    let version = 1
    const reads: string[][] = []
    const pending: Array<() => void> = []
    const v = new FreshnessCheck((ids) => {
      reads.push([...ids])
      const now = version
      return new Promise((resolve) => pending.push(() => resolve(new Map([['a', now]]))))
    })
    const first = v.of('a')
    await new Promise((r) => setImmediate(r))
    expect(reads).toHaveLength(1)
    // The first read is under way (its snapshot may predate this change): a later ask must not join it.
    version = 2
    const second = v.of('a')
    const third = v.of('a')
    await new Promise((r) => setImmediate(r))
    expect(reads).toHaveLength(1)
    pending.shift()?.()
    expect(await first).toBe(1)
    expect(reads).toHaveLength(2)
    pending.shift()?.()
    expect(await Promise.all([second, third])).toEqual([2, 2])
    expect(reads).toEqual([['a'], ['a']])
  })

  it('a failed read fails every ask of its batch; the next batch reads again', async () => {
    let fail = true
    const v = new FreshnessCheck(() => (fail ? Promise.reject(new Error('connection lost')) : Promise.resolve(new Map([['a', 1]]))))
    const both = await Promise.allSettled([v.of('a'), v.of('b')])
    expect(both.map((r) => r.status)).toEqual(['rejected', 'rejected'])
    fail = false
    expect(await v.of('a')).toBe(1)
  })
})
