import type { Answer } from '../http-client.ts'
import type { Api } from '../kill-trial.ts'

/** A setup call that must succeed (before the kill clock starts). */
export async function must(api: Api, method: string, path: string, body: unknown, status: number): Promise<any> {
  const r: Answer = await api(method, path, body)
  if (r.status !== status) throw new Error(`setup: ${method} ${path} answered ${r.status}, expected ${status}: ${r.text.slice(0, 300)}`)
  return r.body
}

/** How many records of a table match a filter (exact count). */
export async function countWhere(api: Api, tableId: string, filter: unknown): Promise<number> {
  const q = new URLSearchParams({ filter: JSON.stringify(filter), limit: '1', count: 'true' })
  const body = await must(api, 'GET', `/api/tables/${tableId}/records?${q}`, undefined, 200)
  return body.total as number
}
