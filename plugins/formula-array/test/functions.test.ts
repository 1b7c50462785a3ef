import { describe, expect, it } from 'vitest'
import { PluginManifestSchema } from '@docpal/plugin-sdk'
import plugin, { arrayFunctions } from '../src/server/index.ts'
import pkg from '../package.json' with { type: 'json' }
import { functionsAddedBy } from '../../field-formula/test/function-plugin.ts'

describe('formula-array', () => {
  it('adds its functions, under upper-case names, through the formula plugin extension point', async () => {
    expect(arrayFunctions.map((f) => f.type)).toEqual('ARRAYJOIN ARRAYUNIQUE ARRAYCOMPACT'.split(' '))
    expect(await functionsAddedBy(plugin)).toEqual(arrayFunctions)
    for (const f of arrayFunctions) expect(f.type).toBe(f.name)
  })

  it('has a valid manifest', () => {
    expect(PluginManifestSchema.safeParse(pkg.docpal).success).toBe(true)
    expect(plugin.pluginId).toBe('formula-array')
  })
})
