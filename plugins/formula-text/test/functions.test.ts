import { describe, expect, it } from 'vitest'
import { PluginManifestSchema } from '@docpal/plugin-sdk'
import plugin, { textFunctions } from '../src/server/index.ts'
import pkg from '../package.json' with { type: 'json' }

describe('formula-text', () => {
  it('contributes its functions under upper-case names', () => {
    expect(textFunctions.map((f) => f.type)).toEqual('CONCAT UPPER LOWER LEN LEFT RIGHT MID TRIM SUBSTITUTE REPLACE FIND SEARCH REPT T'.split(' '))
    expect(plugin.formulaFunctions).toBe(textFunctions)
    for (const f of textFunctions) expect(f.type).toBe(f.name)
  })

  it('has a valid manifest', () => {
    expect(PluginManifestSchema.safeParse(pkg.docpal).success).toBe(true)
    expect(plugin.pluginId).toBe('formula-text')
  })
})
