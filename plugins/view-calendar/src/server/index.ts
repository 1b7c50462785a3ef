import { allOf, checkColumnType, condition, DateRangeParamsSchema, dayAfter, defineServerPlugin, defineViewType } from '@docpal/plugin-sdk'
import type { FilterNode, z } from '@docpal/plugin-sdk'
import { viewCalendarPlugin } from '../manifest.ts'
import { calendarViewConfigSchema, type CalendarViewConfig } from '../shared/config.ts'

/**
 * Records whose [date, endDate] span meets [from, to]. The upper bound is "before the day after
 * `to`" so that date-time fields include all of that day.
 */
function rangeFilter(c: CalendarViewConfig, p: z.output<typeof DateRangeParamsSchema> | undefined): FilterNode | undefined {
  const parts: FilterNode[] = []
  const until = p?.to === undefined ? undefined : dayAfter(p.to)
  if (until !== undefined) parts.push(condition(c.dateFieldId, 'lt', until))
  if (p?.from !== undefined) {
    const startsInRange = condition(c.dateFieldId, 'gte', p.from)
    parts.push(
      c.endDateFieldId === undefined
        ? startsInRange
        : {
            kind: 'or',
            children: [condition(c.endDateFieldId, 'gte', p.from), { kind: 'and', children: [condition(c.endDateFieldId, 'is_empty'), startsInRange] }],
          },
    )
  }
  return allOf(parts)
}

export const calendarViewType = defineViewType({
  type: 'calendar',
  label: 'Calendar',
  description: 'Records on a month or week calendar.',
  config: calendarViewConfigSchema,
  params: DateRangeParamsSchema,
  checkConfig: (c, table) => [
    ...checkColumnType(table, c.dateFieldId, ['date'], ['dateFieldId']),
    ...checkColumnType(table, c.endDateFieldId, ['date'], ['endDateFieldId']),
    ...checkColumnType(table, c.colorFieldId, ['single_select'], ['colorFieldId']),
  ],
  query: (c, { params }) => {
    const filter = rangeFilter(c, params)
    const dates = c.endDateFieldId === undefined ? [c.dateFieldId] : [c.dateFieldId, c.endDateFieldId]
    return {
      filter,
      sort: [{ field: c.dateFieldId, direction: 'asc' }],
      // The colour field is read even when the view hides it: it paints, it is not shown.
      requiredFields: c.colorFieldId === undefined ? dates : [...dates, c.colorFieldId],
      indexFields: [c.dateFieldId],
    }
  },
})

export default defineServerPlugin(viewCalendarPlugin, { viewTypes: [calendarViewType] })
