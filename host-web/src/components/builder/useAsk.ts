import { shallowRef } from 'vue'

/**
 * A dialog that a flow awaits: `ask(payload)` opens it and resolves with the answer the user gives
 * (Esc and closing answer false).
 */
export function useAsk<T>() {
  const payload = shallowRef<T | null>(null)
  let resolve: ((ok: boolean) => void) | undefined
  function ask(p: T): Promise<boolean> {
    resolve?.(false)
    payload.value = p
    return new Promise((r) => {
      resolve = r
    })
  }
  function answer(ok: boolean) {
    payload.value = null
    resolve?.(ok)
    resolve = undefined
  }
  return { payload, ask, answer }
}
