import { describe, expect, it } from 'vitest'
import { PluginManifestSchema } from '@docpal/plugin-sdk'
import plugin, { mathFunctions } from '../src/server/index.ts'
import pkg from '../package.json' with { type: 'json' }
import { functionsAddedBy } from '../../field-formula/test/function-plugin.ts'

describe('formula-math', () => {
  it('adds its functions, under upper-case names, through the formula plugin extension point', async () => {
    expect(mathFunctions.map((f) => f.type)).toEqual('ROUND ROUNDUP ROUNDDOWN ABS CEILING FLOOR INT MOD POWER SQRT EXP LOG MIN MAX SUM AVERAGE VALUE'.split(' '))
    expect(await functionsAddedBy(plugin)).toEqual(mathFunctions)
    for (const f of mathFunctions) expect(f.type).toBe(f.name)
  })

  it('has a valid manifest', () => {
    expect(PluginManifestSchema.safeParse(pkg.docpal).success).toBe(true)
    expect(plugin.pluginId).toBe('formula-math')
  })
})

import { PgDialect } from 'drizzle-orm/pg-core'
import { numberParam } from '@docpal/plugin-sdk'

describe('compiled SQL', () => {
  it('keeps values in parameters and guards division', () => {
    const mod = mathFunctions.find((f) => f.type === 'MOD')!
    const q = new PgDialect().sqlToQuery(
      mod.compile([
        { sql: numberParam(7), type: 'number' },
        { sql: numberParam(0), type: 'number' },
      ]),
    )
    expect(q.sql).toBe('mod($1::numeric, nullif($2::numeric, 0))')
    expect(q.params).toEqual(['7', '0'])
  })
})
