import { describe, expect, it } from 'vitest'
import { PluginManifestSchema } from '@docpal/plugin-sdk'
import plugin, { dateFunctions } from '../src/server/index.ts'
import pkg from '../package.json' with { type: 'json' }
import { functionsAddedBy } from '../../field-formula/test/function-plugin.ts'

describe('formula-date', () => {
  it('adds its functions, under upper-case names, through the formula plugin extension point', async () => {
    expect(dateFunctions.map((f) => f.type)).toEqual(
      'NOW TODAY DATETIME_DIFF DATE_DIFF DATEADD DATE_ADD YEAR MONTH DAY HOUR WEEKDAY WEEKNUM DATETIME_FORMAT DATETIME_PARSE IS_BEFORE IS_AFTER'.split(' '),
    )
    expect(await functionsAddedBy(plugin)).toEqual(dateFunctions)
    for (const f of dateFunctions) expect(f.type).toBe(f.name)
  })

  it('has a valid manifest', () => {
    expect(PluginManifestSchema.safeParse(pkg.docpal).success).toBe(true)
    expect(plugin.pluginId).toBe('formula-date')
  })
})

import { parsePattern, toCharPattern } from '../src/server/format.ts'

describe('Moment formats', () => {
  it('translate to to_char with literal text quoted', () => {
    expect(toCharPattern('DD/MM/YYYY HH:mm')).toBe('DD"/"MM"/"YYYY" "HH24":"MI')
    expect(toCharPattern('[Due] Do MMMM')).toBe('"Due"" "FMDDth" "FMMonth')
    expect(toCharPattern('"x\\')).toBe('"\\"""x""\\\\"')
  })

  it('give anchored parse patterns, or none without year, month and day', () => {
    expect(parsePattern('DD/MM/YYYY')).toEqual({ regex: '^\\s*(\\d{2})/(\\d{2})/(\\d{4})\\s*$', parts: ['day', 'month', 'year'] })
    expect(parsePattern('YYYY')).toBeUndefined()
    expect(parsePattern('YYYY-MM-DD YYYY')).toBeUndefined()
    expect(parsePattern('YYYY-MM-DD Q')).toBeUndefined()
  })
})
