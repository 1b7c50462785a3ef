import { defineServerPlugin, defineViewType } from '@docpal/plugin-sdk'
import { viewTablePlugin } from '../manifest.ts'
import { tableViewConfigSchema } from '../shared/config.ts'

export const tableViewType = defineViewType({
  type: 'table',
  label: 'Table',
  description: 'A spreadsheet-like grid.',
  config: tableViewConfigSchema,
  // Hidden columns and widths are presentation only: the grid still receives every field.
  query: () => ({}),
})

export default defineServerPlugin(viewTablePlugin, { viewTypes: [tableViewType] })
