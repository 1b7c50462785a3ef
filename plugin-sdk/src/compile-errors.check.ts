/**
 * Mistakes the SDK's types turn into compile errors. Never run: `pnpm typecheck` compiles it, and
 * each `@ts-expect-error` fails the build if its line ever compiles (the types got looser).
 */
import { z } from 'zod'
import { defineFieldType, defineFormulaFunction, definePlugin, defineRoute, defineServerPlugin, orderedOperators, sql } from './index.ts'

const config = z.object({ max: z.number().int().default(5) })

export const good = defineFieldType({
  type: 'stars',
  label: 'Stars',
  config,
  column: () => 'smallint',
  input: (c) => z.number().max(c.max),
  operators: orderedOperators({ type: 'smallint', value: () => z.number() }),
})

defineFieldType({
  type: 'stars',
  label: 'Stars',
  config,
  // @ts-expect-error a column type PostgreSQL mapping does not know
  column: () => 'smalint',
  operators: {},
})

defineFieldType({
  type: 'stars',
  label: 'Stars',
  config,
  column: () => 'smallint',
  // @ts-expect-error the config has no `maximum`: the config schema types every callback
  input: (c) => z.number().max(c.maximum),
  operators: {},
})

defineFieldType({
  type: 'stars',
  label: 'Stars',
  config,
  column: () => 'smallint',
  operators: {
    // @ts-expect-error an operator builds SQL, not a string
    eq: { build: (col, v) => `${typeof col} = ${typeof v}` },
  },
})

defineFieldType({
  type: 'stars',
  label: 'Stars',
  config,
  column: () => 'smallint',
  operators: {
    // @ts-expect-error an operator's third parameter is the field's config, not a number
    gt: { build: (col, v, c: number) => sql`${col} > ${v} + ${c}` },
  },
})

// @ts-expect-error a config schema must be a zod schema
defineFieldType({ type: 'x', label: 'X', config: { max: 5 }, column: () => 'text', operators: {} })

// @ts-expect-error an unknown plugin category
definePlugin({ id: 'p', name: 'P', version: '1.0.0', kernel: '^1.0.0', category: 'fields' })

// @ts-expect-error an unknown capability
definePlugin({ id: 'p', name: 'P', version: '1.0.0', kernel: '^1.0.0', category: 'field', capabilities: ['filesystem'] })

defineFormulaFunction({
  name: 'TWICE',
  params: [{ name: 'n', type: 'number' }],
  // @ts-expect-error a formula type that does not exist
  returns: () => 'integer',
  compile: ([n]) => sql`${n.sql} * 2`,
})

defineFormulaFunction({
  name: 'SCALE',
  params: [
    { name: 'n', type: 'number' },
    { name: 'by', type: 'number', optional: true },
  ],
  returns: () => 'number',
  // @ts-expect-error an optional parameter's argument may be absent
  compile: ([n, by]) => sql`${n.sql} * ${by.sql}`,
})

defineRoute({
  method: 'POST',
  url: '/echo',
  body: z.object({ text: z.string() }),
  // @ts-expect-error the body is typed from its schema
  handler: ({ body }) => body.txt,
})

defineServerPlugin(definePlugin({ id: 'p', name: 'P', version: '1.0.0', kernel: '^1.0.0', category: 'field' }), {
  // @ts-expect-error a migration needs an id and SQL
  migrations: [{ sql: 'create table t ()' }],
})
