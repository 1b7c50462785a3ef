import { ElMessage } from 'element-plus'
import { ApiError } from '@docpal/plugin-sdk/client'

/** Shows an API error as the server phrased it (its message is written for people). */
export function notifyError(err: unknown): void {
  const message = err instanceof ApiError || err instanceof Error ? err.message : String(err)
  ElMessage({ type: 'error', message, duration: 5000, showClose: true })
}

export function notifySuccess(message: string): void {
  ElMessage({ type: 'success', message, duration: 2000 })
}
