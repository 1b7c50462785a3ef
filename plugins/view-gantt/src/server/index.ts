import { allOf, checkColumnType, condition, DateRangeParamsSchema, dayAfter, defineServerPlugin, defineViewType } from '@docpal/plugin-sdk'
import type { FilterNode } from '@docpal/plugin-sdk'
import { viewGanttPlugin } from '../manifest.ts'
import { ganttViewConfigSchema } from '../shared/config.ts'

export const ganttViewType = defineViewType({
  type: 'gantt',
  label: 'Gantt',
  description: 'Records as bars between a start and an end date.',
  config: ganttViewConfigSchema,
  params: DateRangeParamsSchema,
  checkConfig: (c, table) => [...checkColumnType(table, c.startFieldId, ['date'], ['startFieldId']), ...checkColumnType(table, c.endFieldId, ['date'], ['endFieldId'])],
  query: (c, { params }) => {
    // Bars that overlap [from, to]; "before the day after `to`" keeps all of that day for date-times.
    const until = params?.to === undefined ? undefined : dayAfter(params.to)
    const parts: FilterNode[] = []
    if (until !== undefined) parts.push(condition(c.startFieldId, 'lt', until))
    if (params?.from !== undefined) parts.push(condition(c.endFieldId, 'gte', params.from))
    const filter = allOf(parts)
    const fields = [c.startFieldId, c.endFieldId, ...(c.labelFieldId === undefined ? [] : [c.labelFieldId])]
    return {
      filter,
      sort: [{ field: c.startFieldId, direction: 'asc' }],
      requiredFields: fields,
      indexFields: [c.startFieldId],
    }
  },
})

export default defineServerPlugin(viewGanttPlugin, { viewTypes: [ganttViewType] })
