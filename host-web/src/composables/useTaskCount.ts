import { ref } from 'vue'
import { workflowsApi } from '../services/workflows-api.ts'

// One count for the whole shell: the top bar's badge and the inbox (which refreshes it) share it.
const count = ref(0)

/** How many open workflow tasks the signed-in person has (GET /api/tasks). */
export function useTaskCount() {
  async function refresh(): Promise<void> {
    count.value = (await workflowsApi.tasks()).length
  }
  return { count, refresh }
}
