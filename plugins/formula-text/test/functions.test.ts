import { describe, expect, it } from 'vitest'
import { PluginManifestSchema } from '@docpal/plugin-sdk'
import plugin, { textFunctions } from '../src/server/index.ts'
import pkg from '../package.json' with { type: 'json' }
import { functionsAddedBy } from '../../field-formula/test/function-plugin.ts'

describe('formula-text', () => {
  it('adds its functions, under upper-case names, through the formula plugin extension point', async () => {
    expect(textFunctions.map((f) => f.type)).toEqual('CONCAT UPPER LOWER LEN LEFT RIGHT MID TRIM SUBSTITUTE REPLACE FIND SEARCH REPT T'.split(' '))
    expect(await functionsAddedBy(plugin)).toEqual(textFunctions)
    for (const f of textFunctions) expect(f.type).toBe(f.name)
  })

  it('has a valid manifest', () => {
    expect(PluginManifestSchema.safeParse(pkg.docpal).success).toBe(true)
    expect(plugin.pluginId).toBe('formula-text')
  })
})
