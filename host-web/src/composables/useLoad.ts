import { ref, type Ref } from 'vue'

/** Loading, error and data of one async source, for pages that show all three states. */
export function useLoad<T>(fn: () => Promise<T>): { data: Ref<T | undefined>; loading: Ref<boolean>; error: Ref<string | null>; reload: () => Promise<void> } {
  const data: Ref<T | undefined> = ref<T>()
  const loading = ref(false)
  const error = ref<string | null>(null)
  async function reload() {
    loading.value = true
    error.value = null
    try {
      data.value = await fn()
    } catch (err) {
      error.value = err instanceof Error ? err.message : String(err)
    } finally {
      loading.value = false
    }
  }
  return { data, loading, error, reload }
}
