/**
 * Orders plugins so each comes after what it depends on. Returns the order and, for those that
 * cannot be ordered, why (a cycle, or a dependency that is not installed).
 */
export function topoSort(deps: ReadonlyMap<string, ReadonlyArray<string>>): { order: string[]; refused: Map<string, string> } {
  const order: string[] = []
  const refused = new Map<string, string>()
  const state = new Map<string, 'visiting' | 'done'>()

  const visit = (id: string, stack: string[]): boolean => {
    if (refused.has(id)) return false
    const s = state.get(id)
    if (s === 'done') return true
    if (s === 'visiting') {
      const cycle = [...stack.slice(stack.indexOf(id)), id].join(' -> ')
      for (const member of stack.slice(stack.indexOf(id))) refused.set(member, `dependency cycle ${cycle}`)
      return false
    }
    state.set(id, 'visiting')
    for (const dep of deps.get(id) ?? []) {
      if (!deps.has(dep)) {
        refused.set(id, `it depends on '${dep}', which is not installed`)
        state.set(id, 'done')
        return false
      }
      if (!visit(dep, [...stack, id])) {
        if (!refused.has(id)) refused.set(id, `its dependency '${dep}' cannot load`)
        state.set(id, 'done')
        return false
      }
    }
    state.set(id, 'done')
    if (refused.has(id)) return false
    order.push(id)
    return true
  }
  for (const id of [...deps.keys()].sort()) visit(id, [])
  return { order, refused }
}
