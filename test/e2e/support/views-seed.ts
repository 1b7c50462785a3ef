import type { TableMeta } from '@docpal/plugin-sdk/client'
import type { TestServer } from '../../support/test-server.ts'

/** The stages a seeded task moves through (single-select options). */
export const STAGES = [
  { id: 'todo', label: 'To do', color: '#909399' },
  { id: 'doing', label: 'Doing', color: '#e6a23c' },
  { id: 'done', label: 'Done', color: '#67c23a' },
]

export interface TaskSeed {
  Title: string
  Stage?: string | null
  Points?: number
  Start?: string
  End?: string
}

/** An app with a Tasks table (title, stage, points, start and end dates) and the given records, through the API. */
export async function seedTasks(server: TestServer, tasks: TaskSeed[]): Promise<{ appId: string; table: TableMeta; ids: string[] }> {
  const app = await server.api('POST', '/api/apps', { name: 'Projects' })
  const table = await server.api('POST', `/api/apps/${app.body.id}/tables`, {
    name: 'Tasks',
    columns: [
      { name: 'Title', type: 'text' },
      { name: 'Stage', type: 'single_select', config: { options: STAGES } },
      { name: 'Points', type: 'number' },
      { name: 'Start', type: 'date' },
      { name: 'End', type: 'date' },
    ],
  })
  if (table.status !== 201) throw new Error(`table: ${table.text}`)
  const bulk = await server.api('POST', `/api/tables/${table.body.id}/records/bulk`, { records: tasks.map((fields) => ({ fields })) })
  if (bulk.status !== 201) throw new Error(`records: ${bulk.text}`)
  return { appId: app.body.id, table: table.body, ids: bulk.body.ids }
}

/** A column's id by name. */
export const col = (table: TableMeta, name: string): string => table.columns.find((c) => c.name === name)!.id
