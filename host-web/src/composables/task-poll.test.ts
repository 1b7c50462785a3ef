import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPoller } from './task-poll.ts'

/** A document whose visibility the test sets (happy-dom's own is always visible). */
function fakeDocument() {
  const target = new EventTarget()
  let state: DocumentVisibilityState = 'visible'
  // A getter (Object.assign would copy its value once).
  Object.defineProperty(target, 'visibilityState', { get: () => state })
  const doc = target as unknown as Document
  const show = (s: DocumentVisibilityState) => {
    state = s
    target.dispatchEvent(new Event('visibilitychange'))
  }
  return { doc, show }
}

describe('task badge polling', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('asks at once, then every interval while visible, nothing while hidden, at once when shown again', async () => {
    const { doc, show } = fakeDocument()
    let n = 0
    const ask = vi.fn(() => Promise.resolve(++n))
    const seen: number[] = []
    const poller = createPoller(
      ask,
      (v) => seen.push(v),
      () => undefined,
      doc,
      1000,
    )
    const release = poller.acquire()
    await vi.advanceTimersByTimeAsync(0)
    expect(seen).toEqual([1])
    await vi.advanceTimersByTimeAsync(2000)
    expect(seen).toEqual([1, 2, 3])
    show('hidden')
    await vi.advanceTimersByTimeAsync(5000)
    expect(ask).toHaveBeenCalledTimes(3)
    show('visible')
    await vi.advanceTimersByTimeAsync(0)
    expect(seen).toEqual([1, 2, 3, 4])
    release()
    await vi.advanceTimersByTimeAsync(5000)
    show('visible')
    await vi.advanceTimersByTimeAsync(0)
    expect(ask).toHaveBeenCalledTimes(4)
  })

  it('polls once for several badges, and stops only when the last one goes', async () => {
    const { doc } = fakeDocument()
    const ask = vi.fn(() => Promise.resolve(7))
    const poller = createPoller(
      ask,
      () => undefined,
      () => undefined,
      doc,
      1000,
    )
    const a = poller.acquire()
    const b = poller.acquire()
    await vi.advanceTimersByTimeAsync(1000)
    expect(ask).toHaveBeenCalledTimes(2)
    a()
    a()
    await vi.advanceTimersByTimeAsync(1000)
    expect(ask).toHaveBeenCalledTimes(3)
    b()
    await vi.advanceTimersByTimeAsync(3000)
    expect(ask).toHaveBeenCalledTimes(3)
  })

  it('keeps the last count on a failed poll, reports it, and goes on polling', async () => {
    const { doc } = fakeDocument()
    const results: Array<number | Error> = [2, new Error('server restarting'), 5]
    const ask = () => {
      const r = results.shift()
      return r instanceof Error ? Promise.reject(r) : Promise.resolve(r ?? 0)
    }
    const seen: number[] = []
    const errors: unknown[] = []
    const release = createPoller(
      ask,
      (v) => seen.push(v),
      (err) => errors.push(err),
      doc,
      1000,
    ).acquire()
    await vi.advanceTimersByTimeAsync(2000)
    expect(seen).toEqual([2, 5])
    expect(errors).toHaveLength(1)
    release()
  })

  it('shares one request between polls that overlap', async () => {
    const { doc } = fakeDocument()
    let resolve: (n: number) => void = () => undefined
    const ask = vi.fn(() => new Promise<number>((r) => (resolve = r)))
    const poller = createPoller(
      ask,
      () => undefined,
      () => undefined,
      doc,
      1000,
    )
    const one = poller.refresh()
    const two = poller.refresh()
    resolve(1)
    await Promise.all([one, two])
    expect(ask).toHaveBeenCalledTimes(1)
  })

  it('after a change, asks again once the request on its way is answered, and shows the newer count last', async () => {
    const { doc } = fakeDocument()
    const answers: Array<(n: number) => void> = []
    const ask = vi.fn(() => new Promise<number>((r) => answers.push(r)))
    const seen: number[] = []
    const poller = createPoller(
      ask,
      (v) => seen.push(v),
      () => undefined,
      doc,
      1000,
    )
    // A poll goes out (it reads 250), then the person decides a task: two changes, one follow-up.
    const poll = poller.refresh()
    const changed = poller.refreshAfterChange()
    const again = poller.refreshAfterChange()
    expect(ask).toHaveBeenCalledTimes(1)
    answers[0]!(250)
    await poll
    await vi.advanceTimersByTimeAsync(0)
    expect(ask).toHaveBeenCalledTimes(2)
    answers[1]!(249)
    await Promise.all([changed, again])
    expect(seen).toEqual([250, 249])
    // With nothing on its way, a change asks at once.
    const alone = poller.refreshAfterChange()
    expect(ask).toHaveBeenCalledTimes(3)
    answers[2]!(248)
    await alone
    expect(seen).toEqual([250, 249, 248])
  })
})
