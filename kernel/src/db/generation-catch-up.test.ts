import { describe, expect, it } from 'vitest'
import { GenerationCatchUp } from './generation-catch-up.ts'

describe('GenerationCatchUp', () => {
  it('reads again once for all requests that found it behind, and not for a generation already read', async () => {
    let reloads = 0
    const g = new GenerationCatchUp(async () => {
      reloads++
      await new Promise((r) => setTimeout(r, 5))
    })
    await Promise.all([g.atLeast(3), g.atLeast(3), g.atLeast(2)])
    expect(reloads).toBe(1)
    await g.atLeast(3)
    expect(reloads).toBe(1)
  })

  it('a newer generation seen while a read is under way waits for a read begun after it', async () => {
    const started: number[] = []
    let n = 0
    const g = new GenerationCatchUp(async () => {
      started.push(++n)
      await new Promise((r) => setTimeout(r, 5))
    })
    const first = g.atLeast(1)
    const second = g.atLeast(2)
    await Promise.all([first, second])
    expect(started).toEqual([1, 2])
  })

  it('a failed read fails the requests waiting on it; the next request reads again', async () => {
    let fail = true
    const g = new GenerationCatchUp(() => (fail ? Promise.reject(new Error('connection lost')) : Promise.resolve()))
    await expect(g.atLeast(1)).rejects.toThrow('connection lost')
    fail = false
    await expect(g.atLeast(1)).resolves.toBeUndefined()
  })
})
