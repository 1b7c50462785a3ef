import { reactive, watch, type Ref } from 'vue'

/**
 * The folders a person collapsed in one app's sidebar, kept in localStorage. Storing the collapsed
 * ones (not the expanded ones) lets new folders open by default.
 */
export function useCollapsed(appId: Ref<string>) {
  const keys = reactive(new Set<string>())
  const storageKey = () => `docpal.sidebar.collapsed.${appId.value}`
  watch(
    appId,
    () => {
      keys.clear()
      try {
        for (const k of JSON.parse(localStorage.getItem(storageKey()) ?? '[]') as string[]) keys.add(k)
      } catch {
        // A damaged entry only loses the remembered state.
      }
    },
    { immediate: true },
  )
  const save = () => localStorage.setItem(storageKey(), JSON.stringify([...keys]))
  return {
    has: (k: string) => keys.has(k),
    add(k: string) {
      keys.add(k)
      save()
    },
    remove(k: string) {
      if (keys.delete(k)) save()
    },
  }
}
