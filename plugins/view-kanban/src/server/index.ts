import { checkColumnType, defineServerPlugin, defineViewType } from '@docpal/plugin-sdk'
import { viewKanbanPlugin } from '../manifest.ts'
import { kanbanViewConfigSchema } from '../shared/config.ts'

export const kanbanViewType = defineViewType({
  type: 'kanban',
  label: 'Kanban',
  description: 'Cards in columns, one per option of a single-select field.',
  config: kanbanViewConfigSchema,
  checkConfig: (c, table) => checkColumnType(table, c.groupByFieldId, ['single_select'], ['groupByFieldId']),
  query: (c) => ({
    groupBy: c.groupByFieldId,
    requiredFields: [c.groupByFieldId],
    indexFields: [c.groupByFieldId],
  }),
})

export default defineServerPlugin(viewKanbanPlugin, { viewTypes: [kanbanViewType] })
