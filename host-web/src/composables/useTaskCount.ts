import { ref } from 'vue'
import { workflowsApi } from '../services/workflows-api.ts'
import { createPoller } from './task-poll.ts'

// One count for the whole shell: the top bar's badge and the inbox (which refreshes it) share it.
const count = ref(0)
const poller = createPoller(
  () => workflowsApi.taskCount(),
  (n) => (count.value = n),
  // The badge keeps its last value; the inbox page shows the error when the person opens it.
  (err) => console.warn('task badge: GET /api/tasks/count failed', err),
  document,
)

/** How many open workflow tasks the signed-in person has (GET /api/tasks/count), polled while shown. */
export function useTaskCount() {
  return { count, refresh: poller.refresh, refreshAfterChange: poller.refreshAfterChange, watchCount: poller.acquire }
}
