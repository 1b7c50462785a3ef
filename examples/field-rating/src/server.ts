import { defineFieldType, definePlugin, defineServerPlugin, orderedOperators, sql, z } from '@docpal/plugin-sdk'

const config = z.object({ max: z.number().int().min(1).max(10).default(5) })
const stars = (c: z.output<typeof config>) => z.number().int().min(1).max(c.max)

export const rating = defineFieldType({
  type: 'rating',
  label: 'Rating',
  description: 'Stars from 1 to the configured maximum.',
  config,
  column: () => 'smallint',
  input: stars,
  operators: orderedOperators({ type: 'smallint', value: stars }),
  // Numbers keep their value when it is a whole star count in range; anything else is emptied.
  castFrom: { number: (col, { to }) => sql`case when ${col} = trunc(${col}) and ${col} between 1 and ${to.max} then ${col}::smallint end` },
  formulaType: 'number',
})

export default defineServerPlugin(
  definePlugin({
    id: 'field-rating',
    name: 'Rating',
    version: '1.0.0',
    kernel: '^1.0.0',
    dependsOn: [],
    category: 'field',
    description: 'Star ratings from 1 to a configurable maximum.',
    capabilities: [],
  }),
  { fieldTypes: [rating] },
)
