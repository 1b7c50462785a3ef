import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { topoSort } from './topo-sort.ts'

const graph = (g: Record<string, string[]>) => new Map(Object.entries(g))

describe('topoSort', () => {
  it('orders each plugin after what it depends on', () => {
    const { order, refused } = topoSort(graph({ a: ['b'], b: ['c'], c: [], d: ['a', 'c'] }))
    expect(order).toEqual(['c', 'b', 'a', 'd'])
    expect(refused.size).toBe(0)
  })

  it('orders independent plugins by id, so boot order is stable', () => {
    expect(topoSort(graph({ zeta: [], alpha: [], mid: [] })).order).toEqual(['alpha', 'mid', 'zeta'])
  })

  it('handles a diamond: the shared dependency loads once, first', () => {
    const { order } = topoSort(graph({ top: ['left', 'right'], left: ['base'], right: ['base'], base: [] }))
    expect(order).toEqual(['base', 'left', 'right', 'top'])
  })

  it('refuses every member of a cycle, naming the cycle, and what depends on it', () => {
    const { order, refused } = topoSort(graph({ a: ['b'], b: ['a'], c: ['a'], d: [] }))
    expect(order).toEqual(['d'])
    expect(refused.get('a')).toBe('dependency cycle a -> b -> a')
    expect(refused.get('b')).toBe('dependency cycle a -> b -> a')
    expect(refused.get('c')).toBe("its dependency 'a' cannot load")
    expect([...refused.keys()].sort()).toEqual(['a', 'b', 'c'])
  })

  it('refuses a plugin that depends on itself', () => {
    const { order, refused } = topoSort(graph({ self: ['self'], ok: [] }))
    expect(order).toEqual(['ok'])
    expect(refused.get('self')).toBe('dependency cycle self -> self')
  })

  it('refuses a plugin whose dependency is not installed, and its dependents', () => {
    const { order, refused } = topoSort(graph({ a: ['missing'], b: ['a'], c: [] }))
    expect(order).toEqual(['c'])
    expect(refused.get('a')).toBe("it depends on 'missing', which is not installed")
    expect(refused.get('b')).toBe("its dependency 'a' cannot load")
  })

  it('property: order respects dependencies, and a plugin loads iff nothing it reaches is missing or cyclic', () => {
    const ids = ['p0', 'p1', 'p2', 'p3', 'p4', 'p5', 'p6']
    const graphArb = fc
      .subarray(ids, { minLength: 1 })
      .chain((installed) =>
        fc.tuple(fc.constant(installed), fc.array(fc.subarray([...ids, 'ghost'], { maxLength: 3 }), { minLength: installed.length, maxLength: installed.length })),
      )
      .map(([installed, deps]) => new Map(installed.map((id, i) => [id, deps[i]!])))

    fc.assert(
      fc.property(graphArb, (deps) => {
        const { order, refused } = topoSort(deps)
        // Every installed plugin is either ordered or refused, exactly once.
        expect([...order, ...refused.keys()].sort()).toEqual([...deps.keys()].sort())
        expect(new Set(order).size).toBe(order.length)
        // Dependencies come first.
        for (const id of order) for (const d of deps.get(id)!) expect(order.indexOf(d)).toBeLessThan(order.indexOf(id))
        // Reference: loadable iff everything reachable is installed and no reachable node is on a cycle.
        const loadable = (id: string, seen: string[]): boolean => {
          if (!deps.has(id) || seen.includes(id)) return false
          return deps.get(id)!.every((d) => loadable(d, [...seen, id]))
        }
        for (const id of deps.keys()) expect(order.includes(id), id).toBe(loadable(id, []))
      }),
      { numRuns: 500 },
    )
  })
})
